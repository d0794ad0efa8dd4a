import { getQueueToken } from '@nestjs/bullmq';
import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { runCli } from '../../src/cli/run-cli.js';
import { QUEUES, SCHEDULERS, VALIDITY_JOBS } from '../../src/queues/queue-names.js';
import { ValiditySweepService } from '../../src/validity/validity-sweep.service.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** One scenario: the library keeps time by itself, and catches up after ten missed days. */
describe('the daily validity sweep', () => {
  let t: TestApp;
  let db: DataSource;
  let editor: string;
  let legal: string;
  const ids: Record<string, string> = {};

  const register = async (key: string, over: object) => {
    const res = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .send({ title: key, category: 'normative', issuer: '攀枝花市人民政府', publishedOn: '2025-06-01', ...over })
      .expect(201);
    ids[key] = res.body.id;
    return res.body as { id: string; status: string };
  };
  const timeline = async (key: string) =>
    (
      await db.query(
        `SELECT action, to_status, effective_on, actor_name FROM validity_event WHERE document_id = $1 ORDER BY effective_on, id`,
        [ids[key]],
      )
    ).map((e: { action: string; to_status: string; effective_on: string; actor_name: string }) =>
      [e.action, e.to_status, e.effective_on, e.actor_name].join(' '),
    );
  const status = async (key: string) =>
    (await db.query(`SELECT status FROM document WHERE id = $1`, [ids[key]]))[0].status;

  beforeAll(async () => {
    t = await createTestApp({ today: '2025-06-30' });
    db = t.app.get(DataSource);
    editor = await t.tokenFor('editor');
    legal = await t.tokenFor('legal');
    await register('pending', { effectiveFrom: '2025-07-03' });
    await register('expiring', { effectiveFrom: '2025-06-01', validUntil: '2025-07-05' });
    await register('scheduled', { effectiveFrom: '2025-06-01' });
    await register('pendingThenPartial', { effectiveFrom: '2025-07-02', validUntil: '2025-07-07' });
    await register('untouched', { effectiveFrom: '2025-06-01', validUntil: '2030-05-31' });
    const act = (key: string, body: object) =>
      t.http
        .post(`/api/v1/documents/${ids[key]}/validity`)
        .set('Authorization', `Bearer ${legal}`)
        .set('If-Match', '"1"')
        .send(body)
        .expect(201);
    await act('scheduled', { action: 'repeal', effectiveOn: '2025-07-08', basisDocNumber: '攀府规〔2025〕8号' });
    await act('pendingThenPartial', {
      action: 'partially_invalidate',
      effectiveOn: '2025-07-04',
      provisions: ['第二条'],
    });
  });
  afterAll(() => t.close());

  it('changes nothing before the dates', async () => {
    const report = await t.app.get(ValiditySweepService).sweep('2025-07-01');
    expect(report).toMatchObject({ changed: 0, events: 0, failed: 0 });
    expect(await status('pending')).toBe('pending');
    expect(await status('scheduled')).toBe('in_force');
  });

  it('after ten missed days, gives every change its own effective date, and a second run changes nothing', async () => {
    t.clock.set(new Date('2025-07-11T00:30:00+08:00'));
    const first = await t.app.get(ValiditySweepService).sweep();
    expect(first).toMatchObject({ today: '2025-07-11', changed: 4, events: 6, failed: 0 });

    expect(await timeline('pending')).toEqual([
      'register pending 2025-06-01 editor-1',
      'take_effect in_force 2025-07-03 system',
    ]);
    expect(await timeline('expiring')).toEqual([
      'register in_force 2025-06-01 editor-1',
      'expire expired 2025-07-06 system',
    ]);
    // A scheduled action is recorded as its officer's, on its own date.
    expect(await timeline('scheduled')).toEqual([
      'register in_force 2025-06-01 editor-1',
      'repeal repealed 2025-07-08 legal-2',
    ]);
    expect(await timeline('pendingThenPartial')).toEqual([
      'register pending 2025-06-01 editor-1',
      'take_effect in_force 2025-07-02 system',
      'partially_invalidate partially_in_force 2025-07-04 legal-2',
      'expire expired 2025-07-08 system',
    ]);
    expect(await timeline('untouched')).toEqual(['register in_force 2025-06-01 editor-1']);
    const scheduled = await db.query(`SELECT state, event_id IS NOT NULL AS has_event FROM scheduled_validity_action`);
    expect(scheduled).toEqual([
      { state: 'applied', has_event: true },
      { state: 'applied', has_event: true },
    ]);
    const versions = await db.query(`SELECT version FROM document WHERE id = $1`, [ids.pendingThenPartial]);
    expect(versions[0].version).toBe(3); // scheduling bumped it once, the sweep once

    const snapshot = await db.query(`SELECT id, status, version FROM document ORDER BY id`);
    const eventCount = await db.query(`SELECT count(*)::int AS n FROM validity_event`);
    const second = await t.app.get(ValiditySweepService).sweep();
    expect(second).toMatchObject({ changed: 0, events: 0, failed: 0 });
    expect(await db.query(`SELECT id, status, version FROM document ORDER BY id`)).toEqual(snapshot);
    expect(await db.query(`SELECT count(*)::int AS n FROM validity_event`)).toEqual(eventCount);
  });

  it('answers inForceOn for each missed day from the events', async () => {
    const inForce = async (date: string) =>
      (await t.http.get('/api/v1/documents').query({ inForceOn: date, pageSize: 100 }).expect(200)).body.items
        .map((d: { title: string }) => d.title)
        .sort();
    expect(await inForce('2025-07-02')).toEqual(['expiring', 'pendingThenPartial', 'scheduled', 'untouched']);
    expect(await inForce('2025-07-06')).toEqual(['pending', 'pendingThenPartial', 'scheduled', 'untouched']);
    expect(await inForce('2025-07-08')).toEqual(['pending', 'untouched']);
  });

  it('runs from a BullMQ Job Scheduler in APP_TIMEZONE; the job does the sweep', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.validity));
    const scheduler = await queue.getJobScheduler(SCHEDULERS.validitySweep);
    expect(scheduler).toMatchObject({ pattern: '5 0 * * *', tz: 'Asia/Shanghai', name: VALIDITY_JOBS.sweep });

    await register('dueToday', { publishedOn: '2025-07-01', effectiveFrom: '2025-07-12' });
    t.clock.set(new Date('2025-07-12T00:05:00+08:00'));
    const events = new QueueEvents(QUEUES.validity, {
      connection: { url: t.config.REDIS_URL },
      prefix: t.config.REDIS_PREFIX,
    });
    try {
      await events.waitUntilReady();
      const job = await queue.add(VALIDITY_JOBS.sweep, {});
      const result = await job.waitUntilFinished(events, 20_000);
      expect(result).toMatchObject({ today: '2025-07-12', changed: 1 });
    } finally {
      await events.close();
    }
    expect(await timeline('dueToday')).toEqual([
      'register pending 2025-07-01 editor-1',
      'take_effect in_force 2025-07-12 system',
    ]);
  });

  it('runs from the command line for a given date', async () => {
    await register('cliDue', { publishedOn: '2025-07-01', effectiveFrom: '2025-07-13' });
    const out: string[] = [];
    const env = {
      DATABASE_URL: t.db.url,
      REDIS_URL: t.config.REDIS_URL,
      JWT_SECRET: t.config.JWT_SECRET,
      LOG_LEVEL: 'silent',
    };
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    expect(await runCli(['validity:sweep', '--date', '2025-07-13'], env, io)).toBe(0);
    expect(out.join('\n')).toContain('Validity sweep for 2025-07-13: 1 documents changed, 1 events recorded');
    expect(await runCli(['validity:sweep', '--date', '2025-02-30'], env, io)).toBe(64);
    expect(await status('cliDue')).toBe('in_force');
  });
});
