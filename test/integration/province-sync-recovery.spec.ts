import { DataSource } from 'typeorm';
import { ProvinceSyncRunsService } from '../../src/province-sync/province-sync-runs.service.js';
import { provinceEnv } from '../helpers/province-sync.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('recovering runs whose process died', () => {
  let t: TestApp;
  let db: DataSource;
  let runs: ProvinceSyncRunsService;

  beforeAll(async () => {
    // Nothing listens on this port: no run here is meant to reach a province.
    t = await createTestApp({ env: provinceEnv('http://127.0.0.1:9', { PROVINCE_SYNC_STALE_RUN_SECONDS: '60' }) });
    db = t.app.get(DataSource);
    runs = t.app.get(ProvinceSyncRunsService);
  });
  afterAll(() => t.close());

  const insertRun = async (state: string, heartbeatSecondsAgo: number) => {
    const [row] = await db.query(
      `INSERT INTO province_sync_run (state, trigger, started_at, heartbeat_at)
       VALUES ($1, 'schedule', CASE WHEN $1 = 'running' THEN now() END, now() - make_interval(secs => $2)) RETURNING id`,
      [state, heartbeatSecondsAgo],
    );
    return row.id as string;
  };

  it('keeps only one run active, however it is asked for', async () => {
    const live = await insertRun('running', 5);
    await expect(runs.createRun('cli', 'ops')).rejects.toMatchObject({
      code: 'province_sync.run_active',
      extensions: { activeRunId: live },
    });
    await expect(insertRun('queued', 0)).rejects.toThrow(/uq_province_sync_run_active/);
    await db.query(`UPDATE province_sync_run SET state = 'succeeded', ended_at = now() WHERE id = $1`, [live]);
  });

  it('marks a running run without a heartbeat failed, and lets the next run start', async () => {
    const dead = await insertRun('running', 120);
    const next = await runs.createRun('cli', 'ops');
    expect(next.state).toBe('queued');
    const recovered = await runs.getRun(dead);
    expect(recovered.state).toBe('failed');
    expect(recovered.endedAt).not.toBeNull();
    expect(recovered.errors).toEqual([
      expect.objectContaining({ code: 'run.abandoned', message: expect.stringMatching(/^no heartbeat for 60 s/) }),
    ]);
    await db.query(`UPDATE province_sync_run SET state = 'succeeded', ended_at = now() WHERE id = $1`, [next.id]);
  });

  it('says so when a queued run was never taken by a worker', async () => {
    const orphan = await insertRun('queued', 120);
    await runs.recoverStaleRuns(); // (the app's own recovery sweep may have got there first: same result)
    const recovered = await runs.getRun(orphan);
    expect(recovered.state).toBe('failed');
    expect(recovered.errors[0].message).toMatch(/no worker took the run/);
  });

  it('leaves runs with a fresh heartbeat alone, and never touches ended runs', async () => {
    const alive = await insertRun('running', 1);
    expect(await runs.recoverStaleRuns()).toEqual([]);
    expect((await runs.getRun(alive)).state).toBe('running');
    await db.query(`UPDATE province_sync_run SET state = 'succeeded', ended_at = now() WHERE id = $1`, [alive]);
  });
});

describe('asking for a run while Redis is unreachable', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: provinceEnv('http://127.0.0.1:9', { REDIS_URL: 'redis://127.0.0.1:1' }) });
  });
  afterAll(() => t.close());

  it('records the run as queued and answers promptly; the recovery sweep enqueues it once Redis is back', async () => {
    const admin = await t.tokenFor('admin');
    const res = await t.http.post('/api/v1/sync/province/runs').set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ state: 'queued', trigger: 'manual' });
    expect(await t.app.get(ProvinceSyncRunsService).queuedRunIds()).toEqual([res.body.id]);
  });
});
