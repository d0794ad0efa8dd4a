import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ProvinceSyncRunner } from '../../src/province-sync/province-sync.runner.js';
import { PROVINCE_SYNC_JOBS, QUEUES } from '../../src/queues/queue-names.js';
import {
  startProvinceReceiver,
  type ProvinceReceiver,
  type WireBatch,
} from '../province-receiver/province-receiver.mjs';
import { PROVINCE_SECRET, PROVINCE_TOKEN, provinceEnv, runGetter, waitForRun } from '../helpers/province-sync.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const doc = (n: number) => ({
  title: `攀枝花市人民政府办公室关于印发第${n}号实施办法的通知`,
  docNumber: `攀办规〔2025〕${n}号`,
  category: 'normative',
  issuer: '攀枝花市人民政府办公室',
  publishedOn: '2025-03-05',
  effectiveFrom: '2025-04-01',
  validUntil: '2030-03-31',
  body: `第一条 第${n}号办法的正文……`,
});

describe('pushing to the provincial library', () => {
  let receiver: ProvinceReceiver;
  let t: TestApp;
  let admin: string;
  let editor: string;
  let db: DataSource;
  const ids: string[] = [];

  beforeAll(async () => {
    receiver = await startProvinceReceiver({ token: PROVINCE_TOKEN, secret: PROVINCE_SECRET });
    t = await createTestApp({
      env: provinceEnv(receiver.url, {
        PROVINCE_SYNC_BATCH_SIZE: '3',
        PROVINCE_SYNC_RETRY_LIMIT: '2',
        PROVINCE_SYNC_REQUEST_TIMEOUT_MS: '2000',
      }),
    });
    admin = await t.tokenFor('admin');
    editor = await t.tokenFor('editor');
    db = t.app.get(DataSource);
    for (let n = 1; n <= 7; n++) {
      const res = await t.http
        .post('/api/v1/documents')
        .set('Authorization', `Bearer ${editor}`)
        .send(doc(n))
        .expect(201);
      ids.push(res.body.id);
    }
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const startRun = async () =>
    (await t.http.post('/api/v1/sync/province/runs').set('Authorization', `Bearer ${admin}`).expect(202)).body;
  const settle = async () => waitForRun(runGetter(t, admin), (await startRun()).id);
  const overview = async () =>
    (await t.http.get('/api/v1/sync/province').set('Authorization', `Bearer ${admin}`).expect(200)).body;
  const edit = async (id: string, body: object) => {
    const current = await t.http.get(`/api/v1/documents/${id}`).expect(200);
    return (
      await t.http
        .patch(`/api/v1/documents/${id}`)
        .set('Authorization', `Bearer ${editor}`)
        .set('If-Match', `"${current.body.version}"`)
        .send(body)
        .expect(200)
    ).body;
  };

  it('shows every new document as pending before the first push', async () => {
    expect((await overview()).documents).toEqual({ total: 7, synced: 0, pending: 7, failed: 0 });
  });

  it('pushes every document in signed batches and records what the province accepted', async () => {
    const queued = await startRun();
    expect(queued).toMatchObject({ state: 'queued', trigger: 'manual', dryRun: false, requestedBy: 'admin-1' });
    const run = await waitForRun(runGetter(t, admin), queued.id);
    expect(run).toMatchObject({
      state: 'succeeded',
      counts: { sent: 7, accepted: 7, rejected: 0, failed: 0 },
      errors: [],
    });
    expect(run.startedAt).toEqual(expect.any(String));
    expect(run.endedAt).toEqual(expect.any(String));
    expect(receiver.held()).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    expect([...receiver.keys.keys()].sort()).toEqual([`${run.id}-1`, `${run.id}-2`, `${run.id}-3`]);

    const o = await overview();
    expect(o.documents).toEqual({ total: 7, synced: 7, pending: 0, failed: 0 });
    expect(o.lastSuccessfulRun).toMatchObject({ id: run.id, state: 'succeeded' });
    expect(o.activeRun).toBeNull();
  });

  it('sends every document field with its status and status history', async () => {
    const batches: WireBatch[] = [];
    receiver.setOnBatch((b) => void batches.push(b));
    await edit(ids[0], { summary: '新增概述' });
    await settle();
    receiver.setOnBatch(null);
    expect(batches).toHaveLength(1);
    expect(Object.keys(batches[0].documents[0]).sort()).toEqual(
      [
        'id',
        'version',
        'checksum',
        'title',
        'docNumber',
        'category',
        'issuer',
        'coIssuers',
        'indexNo',
        'registrationNo',
        'topic',
        'keywords',
        'signedOn',
        'publishedOn',
        'effectiveFrom',
        'validUntil',
        'summary',
        'body',
        'status',
        'statusLabel',
        'createdAt',
        'updatedAt',
        'statusEvents',
      ].sort(),
    );
    const stored = (await t.http.get(`/api/v1/documents/${ids[0]}`).expect(200)).body;
    expect(batches[0].documents[0]).toMatchObject({ createdAt: stored.createdAt, updatedAt: stored.updatedAt });
    expect(batches[0]).toMatchObject({ source: 'policy-library', sentAt: expect.any(String) });
    expect(batches[0].documents).toEqual([
      expect.objectContaining({
        id: ids[0],
        version: 2,
        checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
        title: doc(1).title,
        docNumber: '攀办规〔2025〕1号',
        category: 'normative',
        issuer: '攀枝花市人民政府办公室',
        summary: '新增概述',
        body: doc(1).body,
        validUntil: '2030-03-31',
        status: 'in_force',
        statusLabel: '现行有效',
        statusEvents: [
          expect.objectContaining({
            action: 'register',
            fromStatus: null,
            toStatus: 'in_force',
            effectiveOn: '2025-04-01',
          }),
        ],
      }),
    ]);
  });

  it('sends only what changed since the province last accepted it', async () => {
    await edit(ids[3], { summary: '改过一次' });
    expect((await overview()).documents).toMatchObject({ synced: 6, pending: 1 });
    const run = await settle();
    expect(run).toMatchObject({ state: 'succeeded', counts: { sent: 1, accepted: 1 } });
    expect(receiver.store.get(ids[3])?.version).toBe(2);
    const nothing = await settle();
    expect(nothing).toMatchObject({ state: 'succeeded', counts: { sent: 0, accepted: 0, rejected: 0, failed: 0 } });
  });

  it('records a rejection with its reason and does not resend the document until it changes', async () => {
    receiver.setFaults({ reject: new Map([[ids[4], '缺少统一登记号']]) });
    await edit(ids[4], { summary: '待省库审核' });
    await edit(ids[5], { summary: '同批另一件' });
    const run = await settle();
    expect(run).toMatchObject({ state: 'partially_failed', counts: { sent: 2, accepted: 1, rejected: 1, failed: 0 } });
    const o = await overview();
    expect(o.documents).toEqual({ total: 7, synced: 6, pending: 0, failed: 1 });
    expect(o.rejections).toEqual([{ reason: '缺少统一登记号', count: 1 }]);
    expect(o.rejected).toEqual([expect.objectContaining({ documentId: ids[4], version: 2, reason: '缺少统一登记号' })]);

    const again = await settle();
    expect(again.counts.sent).toBe(0);

    receiver.setFaults({});
    await edit(ids[4], { registrationNo: 'SCPR-2025-0004' });
    const fixed = await settle();
    expect(fixed).toMatchObject({ state: 'succeeded', counts: { sent: 1, accepted: 1 } });
    expect(receiver.store.get(ids[4])?.version).toBe(3);
    expect((await overview()).documents).toEqual({ total: 7, synced: 7, pending: 0, failed: 0 });
  });

  it('records the version the province accepted when the document is edited while its batch is in flight', async () => {
    await edit(ids[6], { summary: '第一次修改' }); // version 2 is due
    receiver.setOnBatch(async () => {
      receiver.setOnBatch(null);
      await edit(ids[6], { summary: '发送途中的修改' }); // version 3, while version 2 is being sent
    });
    const run = await settle();
    expect(run).toMatchObject({ state: 'succeeded', counts: { sent: 1, accepted: 1 } });
    expect(receiver.store.get(ids[6])?.version).toBe(2);
    const [state] = await db.query(
      `SELECT current_version, accepted_version FROM province_sync_state WHERE document_id = $1`,
      [ids[6]],
    );
    expect(state).toEqual({ current_version: 3, accepted_version: 2 });
    expect((await overview()).documents).toMatchObject({ pending: 1 });

    const next = await settle();
    expect(next.counts).toMatchObject({ sent: 1, accepted: 1 });
    expect(receiver.store.get(ids[6])?.version).toBe(3);
  });

  it('resends a batch whose answer was lost with the same Idempotency-Key, and the receiver sees the duplicate', async () => {
    receiver.setFaults({ dropAfterStoreRate: 1 });
    const before = receiver.stats.duplicates;
    receiver.setOnBatch(() => receiver.setFaults({})); // only the first attempt loses its answer
    const { version } = await edit(ids[1], { summary: '应答丢失' });
    const run = await settle();
    receiver.setOnBatch(null);
    expect(run).toMatchObject({ state: 'succeeded', counts: { sent: 1, accepted: 1 } });
    expect(receiver.stats.duplicates).toBe(before + 1);
    // Stored once, although sent twice.
    expect(receiver.store.get(ids[1])?.versions.filter((v) => v === version)).toHaveLength(1);
  });

  it('stops the run at the first refusal of its credentials instead of retrying', async () => {
    await edit(ids[2], { summary: '凭证失效时' });
    receiver.setFaults({ forceStatus: 401 });
    const requests = receiver.stats.requests;
    const run = await settle();
    receiver.setFaults({});
    expect(run).toMatchObject({ state: 'failed', counts: { sent: 0 } });
    expect(run.errors).toEqual([
      expect.objectContaining({ code: 'province_sync.credentials_refused', status: 401, batch: 1 }),
    ]);
    expect(receiver.stats.requests).toBe(requests + 1);
    expect((await overview()).documents).toMatchObject({ pending: 1 });
  });

  it('records a batch refused with another 4xx as failed and leaves its documents due', async () => {
    receiver.setFaults({ forceStatus: 400 });
    const run = await settle();
    receiver.setFaults({});
    expect(run).toMatchObject({ state: 'failed', counts: { sent: 1, accepted: 0, failed: 1 } });
    expect(run.errors[0]).toMatchObject({ code: 'province_sync.batch_failed', status: 400 });
    const [state] = await db.query(`SELECT last_error FROM province_sync_state WHERE document_id = $1`, [ids[2]]);
    expect(state.last_error).toMatch(/^HTTP 400/);
    expect((await settle()).counts).toMatchObject({ sent: 1, accepted: 1 });
  });

  it('runs one push at a time: a second request while one is active gets 409 naming it', async () => {
    await edit(ids[0], { summary: '慢速省库' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    receiver.setOnBatch(() => gate);
    const first = await startRun();
    const second = await t.http.post('/api/v1/sync/province/runs').set('Authorization', `Bearer ${admin}`).expect(409);
    expect(second.body).toMatchObject({ code: 'province_sync.run_active', activeRunId: first.id });
    expect((await overview()).activeRun).toMatchObject({ id: first.id });
    release();
    receiver.setOnBatch(null);
    expect(await waitForRun(runGetter(t, admin), first.id)).toMatchObject({ state: 'succeeded' });
  });

  it('ends a run cleanly when the process stops: marked interrupted, its documents still due', async () => {
    await edit(ids[3], { summary: '停机前' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let arrived!: () => void;
    const inFlight = new Promise<void>((r) => (arrived = r));
    receiver.setOnBatch(() => {
      arrived();
      return gate; // the province sits on the batch
    });
    const run = await startRun();
    await inFlight;
    await t.app.get(ProvinceSyncRunner).interruptAll(); // what shutdown does
    const ended = await waitForRun(runGetter(t, admin), run.id);
    release();
    receiver.setOnBatch(null);
    expect(ended).toMatchObject({ state: 'failed', counts: { sent: 1, accepted: 0, failed: 1 } });
    expect(ended.errors.map((e) => e.code)).toEqual(['province_sync.batch_failed', 'run.interrupted']);
    expect((await overview()).documents).toMatchObject({ pending: 1 });
    expect((await settle()).counts).toMatchObject({ sent: 1, accepted: 1 });
  });

  it('keeps one nightly schedule at 02:00 in the government’s time zone, which only enqueues a run', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.provinceSync));
    let schedulers: Awaited<ReturnType<Queue['getJobSchedulers']>> = [];
    for (let i = 0; i < 50 && schedulers.length < 2; i++) {
      schedulers = await queue.getJobSchedulers();
      if (schedulers.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    const nightly = schedulers.find((s) => s.key === 'province-sync-nightly');
    expect(nightly).toMatchObject({ name: PROVINCE_SYNC_JOBS.scheduled, pattern: '0 2 * * *', tz: 'Asia/Shanghai' });
    expect(new Date(nightly!.next!).toISOString()).toMatch(/T18:00:00\.000Z$/); // 02:00 in Shanghai
    expect(schedulers.map((s) => s.key).sort()).toEqual(['province-sync-nightly', 'province-sync-recovery']);

    // What the schedule fires: a job that records a run with trigger `schedule` and hands it to the worker.
    await edit(ids[5], { summary: '夜间推送' });
    await queue.add(PROVINCE_SYNC_JOBS.scheduled, {});
    let scheduled: { id: string } | undefined;
    for (let i = 0; i < 100 && !scheduled; i++) {
      const list = await t.http.get('/api/v1/sync/province/runs').set('Authorization', `Bearer ${admin}`);
      scheduled = list.body.items.find((r: { trigger: string }) => r.trigger === 'schedule');
      if (!scheduled) await new Promise((r) => setTimeout(r, 100));
    }
    expect(await waitForRun(runGetter(t, admin), scheduled!.id)).toMatchObject({
      state: 'succeeded',
      requestedBy: null,
      counts: { sent: 1, accepted: 1 },
    });
  });

  it('lists runs newest first, and only to admins', async () => {
    const list = await t.http.get('/api/v1/sync/province/runs?pageSize=2').set('Authorization', `Bearer ${admin}`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ page: 1, pageSize: 2, total: expect.any(Number) });
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items[0].createdAt >= list.body.items[1].createdAt).toBe(true);
    await t.http.post('/api/v1/sync/province/runs').set('Authorization', `Bearer ${editor}`).expect(403);
    await t.http.get('/api/v1/sync/province').expect(401);
    await t.http.get('/api/v1/sync/province/runs/not-a-uuid').set('Authorization', `Bearer ${admin}`).expect(400);
    await t.http
      .get('/api/v1/sync/province/runs/00000000-0000-4000-8000-000000000000')
      .set('Authorization', `Bearer ${admin}`)
      .expect(404);
  });

  it('receives nothing when the province is not configured, and says so', async () => {
    const bare = await createTestApp();
    try {
      const token = await bare.tokenFor('admin');
      const res = await bare.http
        .post('/api/v1/sync/province/runs')
        .set('Authorization', `Bearer ${token}`)
        .expect(202);
      expect(res.body).toMatchObject({ state: 'failed', errors: [{ code: 'province_sync.not_configured' }] });
      expect(res.body.errors[0].message).toMatch(/PROVINCE_SYNC_URL/);
    } finally {
      await bare.close();
    }
  });
});
