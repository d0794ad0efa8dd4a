import { spawn, type ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import pg from 'pg';
import { startProvinceReceiver, type ProvinceReceiver } from '../province-receiver/province-receiver.mjs';
import { ensureBuilt, runCli, startAppProcess, type AppProcess } from '../helpers/built-app.js';
import { PROVINCE_SECRET, PROVINCE_TOKEN, provinceEnv, waitForRun, type RunBody } from '../helpers/province-sync.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../helpers/test-database.js';

/**
 * Faults with real PostgreSQL, Redis and processes. After the runs settle, in every scenario:
 * the receiver holds the latest version of every document, the library's counts match the
 * receiver's, and no document is marked in step that the receiver does not hold.
 */

const APP_PORT = 3202;
const OWN_REDIS_PORT = 6393;
const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256';

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** Documents straight into the tables (fast), each with its first validity event. */
async function seedDocuments(url: string, count: number): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`INSERT INTO issuer (name) VALUES ('攀枝花市人民政府') ON CONFLICT (name) DO NOTHING`);
    await c.query(
      `INSERT INTO document (title, doc_number, category, issuer_id, status, checksum, source, body, published_on)
       SELECT '攀枝花市人民政府关于第' || g || '项工作的通知', '攀府发〔2024〕' || g || '号', 'policy',
              (SELECT id FROM issuer WHERE name = '攀枝花市人民政府'), 'in_force', md5(g::text), 'import',
              repeat('第一条 正文。', 100), '2024-01-01'
       FROM generate_series(1, $1::int) g`,
      [count],
    );
    await c.query(
      `INSERT INTO validity_event (document_id, action, to_status, effective_on, actor_name)
       SELECT id, 'register', 'in_force', '2024-01-01', 'system' FROM document`,
    );
  });
}

/** Edits some documents the way any writer would: a new version in the document row. */
async function editSome(url: string, count: number): Promise<void> {
  await withClient(url, (c) =>
    c.query(
      `UPDATE document SET version = version + 1, summary = '修改 ' || version, updated_at = now()
       WHERE id IN (SELECT id FROM document ORDER BY random() LIMIT $1)`,
      [count],
    ),
  );
}

/** The three promises of the push, checked against the receiver's own records. */
async function expectInStep(url: string, receiver: ProvinceReceiver, overview: { documents: object }): Promise<void> {
  const rows: { id: string; version: number; accepted_version: number | null }[] = await withClient(
    url,
    async (c) =>
      (
        await c.query(
          `SELECT d.id, d.version, s.accepted_version FROM document d JOIN province_sync_state s ON s.document_id = d.id`,
        )
      ).rows,
  );
  // The receiver holds the latest version of every document.
  const held = receiver.held();
  expect(Object.keys(held).length).toBe(rows.length);
  expect(rows.filter((r) => held[r.id] !== r.version)).toEqual([]);
  // The library's counts match the receiver's.
  expect(overview.documents).toEqual({ total: rows.length, synced: rows.length, pending: 0, failed: 0 });
  expect(rows.filter((r) => r.accepted_version !== r.version)).toEqual([]);
  // No document is marked in step that the receiver does not hold.
  const marked = rows.filter((r) => r.accepted_version !== null);
  expect(marked.filter((r) => !receiver.store.get(r.id)?.versions.includes(r.accepted_version!))).toEqual([]);
}

describe('the push under faults', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  describe('a receiver failing 30% of batches at random', () => {
    let receiver: ProvinceReceiver;
    let t: TestApp;

    beforeAll(async () => {
      receiver = await startProvinceReceiver({
        token: PROVINCE_TOKEN,
        secret: PROVINCE_SECRET,
        seed: 7,
        // 30% of fresh batches: 15% 503, 10% stored then connection dropped, 5% never answered.
        faults: { failRate: 0.15, dropAfterStoreRate: 0.1, timeoutRate: 0.05 },
      });
      t = await createTestApp({
        env: provinceEnv(receiver.url, {
          PROVINCE_SYNC_BATCH_SIZE: '20',
          PROVINCE_SYNC_RETRY_LIMIT: '1',
          PROVINCE_SYNC_REQUEST_TIMEOUT_MS: '500',
        }),
      });
      await seedDocuments(t.db.url, 400);
    });
    afterAll(async () => {
      await t?.close();
      await receiver?.close();
    });

    it('ends with the province holding every latest version, edits during the runs included', async () => {
      const admin = await t.tokenFor('admin');
      const get = async (id: string) =>
        (await t.http.get(`/api/v1/sync/province/runs/${id}`).set('Authorization', `Bearer ${admin}`)).body as RunBody;
      let edited = false;
      receiver.setOnBatch(async () => {
        if (edited || receiver.stats.batches < 3) return;
        edited = true;
        await editSome(t.db.url, 25); // while the first run is half-way
      });
      const runs: RunBody[] = [];
      for (let i = 0; i < 20; i++) {
        const started = await t.http.post('/api/v1/sync/province/runs').set('Authorization', `Bearer ${admin}`);
        expect(started.status).toBe(202);
        runs.push(await waitForRun(get, started.body.id));
        const o = await t.http.get('/api/v1/sync/province').set('Authorization', `Bearer ${admin}`);
        if (o.body.documents.pending === 0) break;
      }
      receiver.setOnBatch(null);
      expect(edited).toBe(true);
      expect(receiver.stats.failed5xx + receiver.stats.dropped + receiver.stats.timeouts).toBeGreaterThan(0);
      expect(receiver.stats.duplicates).toBeGreaterThan(0); // dropped answers were resent under the same key
      expect(runs.some((r) => r.counts.failed > 0 || r.state !== 'succeeded')).toBe(true);
      const overview = (await t.http.get('/api/v1/sync/province').set('Authorization', `Bearer ${admin}`)).body;
      await expectInStep(t.db.url, receiver, overview);
    });
  });

  describe('the worker process killed with SIGKILL mid-run', () => {
    let receiver: ProvinceReceiver;
    let db: TestDatabase;
    let app: AppProcess | undefined;
    let env: Record<string, string>;

    beforeAll(async () => {
      receiver = await startProvinceReceiver({
        token: PROVINCE_TOKEN,
        secret: PROVINCE_SECRET,
        faults: { delayMs: 40 },
      });
      db = await createTestDatabase();
      await seedDocuments(db.url, 600);
      env = {
        NODE_ENV: 'production',
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: db.redisPrefix,
        JWT_SECRET,
        LOG_LEVEL: 'warn',
        ...provinceEnv(receiver.url, { PROVINCE_SYNC_BATCH_SIZE: '20', PROVINCE_SYNC_STALE_RUN_SECONDS: '3' }),
      };
      const created = runCli(
        ['users:create', '--username', 'ops', '--role', 'admin', '--password', 'ops-password-1'],
        env,
      );
      expect(created.status).toBe(0);
    });
    afterAll(async () => {
      if (app && app.child.exitCode === null) {
        app.child.kill('SIGKILL');
        await app.exited;
      }
      await receiver?.close();
      await db?.drop();
    });

    const login = async (url: string) => {
      const res = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'ops', password: 'ops-password-1' }),
      });
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const api = (url: string, token: string) => ({
      post: (path: string) => fetch(`${url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } }),
      get: async (path: string) =>
        (await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${token}` } })).json() as Promise<any>,
    });

    it('loses nothing: the stuck run is recovered and the next run finishes the work', async () => {
      app = await startAppProcess(env, APP_PORT);
      let http = api(app.url, await login(app.url));
      const killed = new Promise<void>((resolve) => {
        receiver.setOnBatch(() => {
          if (receiver.stats.batches >= 8 && app!.child.exitCode === null) {
            receiver.setOnBatch(null);
            app!.child.kill('SIGKILL'); // this batch is stored, but its answer never reaches the library
            resolve();
          }
        });
      });
      const started = await http.post('/api/v1/sync/province/runs');
      expect(started.status).toBe(202);
      const first = (await started.json()) as RunBody;
      await killed;
      await app.exited;
      expect(receiver.store.size).toBeGreaterThan(0);
      expect(receiver.store.size).toBeLessThan(600);

      app = await startAppProcess(env, APP_PORT);
      http = api(app.url, await login(app.url));
      // Until the dead run's heartbeat is older than the limit, a new run is refused (409); then it is recovered.
      let next: RunBody | undefined;
      const deadline = Date.now() + 30_000;
      while (!next) {
        const res = await http.post('/api/v1/sync/province/runs');
        if (res.status === 202) next = (await res.json()) as RunBody;
        else expect(res.status).toBe(409);
        if (Date.now() > deadline) throw new Error('the dead run was never recovered');
        if (!next) await new Promise((r) => setTimeout(r, 300));
      }
      const done = await waitForRun((id) => http.get(`/api/v1/sync/province/runs/${id}`), next.id);
      expect(done.state).toBe('succeeded');
      const dead = (await http.get(`/api/v1/sync/province/runs/${first.id}`)) as RunBody;
      expect(dead).toMatchObject({ state: 'failed', errors: [expect.objectContaining({ code: 'run.abandoned' })] });
      expect(dead.counts.accepted + done.counts.accepted).toBeGreaterThanOrEqual(600);
      await expectInStep(db.url, receiver, await http.get('/api/v1/sync/province'));
    });
  });

  describe('Redis restarted mid-run', () => {
    let receiver: ProvinceReceiver;
    let db: TestDatabase;
    let app: AppProcess | undefined;
    let redis: ChildProcess | undefined;
    const redisUrl = `redis://127.0.0.1:${OWN_REDIS_PORT}`;

    const startRedis = async () => {
      const child = spawn('redis-server', ['--port', String(OWN_REDIS_PORT), '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      for (let i = 0; i < 50; i++) {
        try {
          const { Redis } = await import('ioredis');
          const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
          probe.on('error', () => undefined);
          await probe.connect();
          await probe.ping();
          probe.disconnect();
          return child;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      throw new Error(`redis-server on ${OWN_REDIS_PORT} did not start`);
    };
    const stopRedis = async () => {
      if (!redis || redis.exitCode !== null) return;
      const exited = new Promise((r) => redis!.once('exit', r));
      redis.kill('SIGKILL');
      await exited;
    };

    beforeAll(async () => {
      redis = await startRedis();
      receiver = await startProvinceReceiver({
        token: PROVINCE_TOKEN,
        secret: PROVINCE_SECRET,
        faults: { delayMs: 40 },
      });
      db = await createTestDatabase();
      await seedDocuments(db.url, 600);
    });
    afterAll(async () => {
      if (app && app.child.exitCode === null) {
        app.child.kill('SIGKILL');
        await app.exited;
      }
      await stopRedis();
      await receiver?.close();
      await db?.drop();
    });

    it('keeps pushing while Redis is away, ends the run, and gets its schedules back', async () => {
      const env = {
        NODE_ENV: 'production',
        DATABASE_URL: db.url,
        REDIS_URL: redisUrl,
        REDIS_PREFIX: db.redisPrefix,
        JWT_SECRET,
        LOG_LEVEL: 'warn',
        ...provinceEnv(receiver.url, { PROVINCE_SYNC_BATCH_SIZE: '20', PROVINCE_SYNC_STALE_RUN_SECONDS: '5' }),
      };
      expect(
        runCli(['users:create', '--username', 'ops', '--role', 'admin', '--password', 'ops-password-1'], env).status,
      ).toBe(0);
      app = await startAppProcess(env, APP_PORT + 1);
      const token = (
        (await (
          await fetch(`${app.url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username: 'ops', password: 'ops-password-1' }),
          })
        ).json()) as { accessToken: string }
      ).accessToken;
      const get = async (path: string) =>
        (await fetch(`${app!.url}${path}`, { headers: { Authorization: `Bearer ${token}` } })).json() as Promise<any>;

      let restarted!: Promise<void>;
      const midway = new Promise<void>((resolve) => {
        receiver.setOnBatch(() => {
          if (receiver.stats.batches >= 6) {
            receiver.setOnBatch(null);
            resolve();
          }
        });
      });
      const res = await fetch(`${app.url}/api/v1/sync/province/runs`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(202);
      const run = (await res.json()) as RunBody;
      await midway;
      let batchesWhenRedisWentAway = 0;
      let batchesWhenRedisCameBack = 0;
      restarted = (async () => {
        await stopRedis(); // every key is gone: --save "" --appendonly no
        batchesWhenRedisWentAway = receiver.stats.batches;
        await new Promise((r) => setTimeout(r, 1500));
        batchesWhenRedisCameBack = receiver.stats.batches;
        redis = await startRedis();
      })();
      await restarted;
      // The run went on pushing while Redis was away.
      expect(batchesWhenRedisWentAway).toBeLessThan(30);
      expect(batchesWhenRedisCameBack).toBeGreaterThan(batchesWhenRedisWentAway);
      const done = await waitForRun((id) => get(`/api/v1/sync/province/runs/${id}`), run.id);
      expect(done.state).toBe('succeeded');
      await expectInStep(db.url, receiver, await get('/api/v1/sync/province'));

      // The schedules come back on their own once Redis answers again.
      const queue = new Queue('province-sync', {
        connection: { url: redisUrl, maxRetriesPerRequest: null },
        prefix: db.redisPrefix,
      });
      try {
        const deadline = Date.now() + 15_000;
        let ids: string[] = [];
        while (Date.now() < deadline) {
          ids = (await queue.getJobSchedulers()).map((s) => s.key).sort();
          if (ids.length === 2) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        expect(ids).toEqual(['province-sync-nightly', 'province-sync-recovery']);
      } finally {
        await queue.close();
      }
      // And a new run goes through the restarted Redis.
      const again = await fetch(`${app.url}/api/v1/sync/province/runs`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(again.status).toBe(202);
      const next = await waitForRun(
        (id) => get(`/api/v1/sync/province/runs/${id}`),
        ((await again.json()) as RunBody).id,
      );
      expect(next).toMatchObject({ state: 'succeeded', counts: { sent: 0 } });
      expect(app.child.exitCode).toBeNull();
    });
  });
});
