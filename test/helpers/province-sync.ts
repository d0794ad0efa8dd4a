import type { TestApp } from './test-app.js';

export const PROVINCE_TOKEN = 'province-test-token';
export const PROVINCE_SECRET = 'province-test-secret-0123456789';

/** Environment that points the library at a test receiver. */
export const provinceEnv = (url: string, extra: Record<string, string> = {}): Record<string, string> => ({
  PROVINCE_SYNC_URL: url,
  PROVINCE_SYNC_TOKEN: PROVINCE_TOKEN,
  PROVINCE_SYNC_SECRET: PROVINCE_SECRET,
  ...extra,
});

export interface RunBody {
  id: string;
  state: string;
  trigger: string;
  counts: { sent: number; accepted: number; rejected: number; failed: number };
  errors: { code: string; message: string; batch?: number; status?: number }[];
  [k: string]: unknown;
}

/** Polls a run until it has ended (the worker runs it in the background). */
export async function waitForRun(
  get: (id: string) => Promise<RunBody>,
  id: string,
  timeoutMs = 60_000,
): Promise<RunBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await get(id);
    if (run.state !== 'queued' && run.state !== 'running') return run;
    if (Date.now() > deadline) throw new Error(`run ${id} still ${run.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const runGetter = (t: TestApp, admin: string) => async (id: string) =>
  (await t.http.get(`/api/v1/sync/province/runs/${id}`).set('Authorization', `Bearer ${admin}`).expect(200))
    .body as RunBody;
