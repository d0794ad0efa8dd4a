import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { runCli } from '../../src/cli/run-cli.js';
import { TEST_REDIS_URL } from '../helpers/test-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const GOV = '攀枝花市人民政府';

/** One clean-up campaign (清理) from scope to finalisation. */
describe('clean-up campaigns', () => {
  let t: TestApp;
  let editor: string;
  let legal: string;
  let db: DataSource;
  const id: Record<string, string> = {};
  let campaignId: string;

  const register = async (key: string, over: object) => {
    const res = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .send({ title: key, category: 'normative', issuer: GOV, validUntil: '2027-12-31', ...over })
      .expect(201);
    id[key] = res.body.id;
  };
  const post = (path: string, body: object) =>
    t.http.post(`/api/v1/cleanups${path}`).set('Authorization', `Bearer ${legal}`).send(body);
  const statuses = async () =>
    Object.fromEntries(
      (await db.query(`SELECT title, status FROM document ORDER BY title`)).map(
        (r: { title: string; status: string }) => [r.title, r.status],
      ),
    );

  beforeAll(async () => {
    t = await createTestApp({ today: '2025-06-30' });
    db = t.app.get(DataSource);
    editor = await t.tokenFor('editor');
    legal = await t.tokenFor('legal');
    await register('keep', { docNumber: '攀府规〔2019〕1号', publishedOn: '2019-03-01', effectiveFrom: '2019-04-01' });
    await register('amend', { docNumber: '攀府规〔2020〕2号', publishedOn: '2020-03-01', effectiveFrom: '2020-04-01' });
    await register('repeal', {
      docNumber: '攀府规〔2020〕3号',
      publishedOn: '2020-05-01',
      effectiveFrom: '2020-06-01',
    });
    await register('invalid', {
      docNumber: '攀府规〔2021〕4号',
      publishedOn: '2021-05-01',
      effectiveFrom: '2021-06-01',
    });
    // Out of scope: too recent, another issuer, another category.
    await register('recent', {
      docNumber: '攀府规〔2023〕5号',
      publishedOn: '2023-05-01',
      effectiveFrom: '2023-06-01',
    });
    await register('office', {
      issuer: '攀枝花市人民政府办公室',
      publishedOn: '2020-05-01',
      effectiveFrom: '2020-06-01',
    });
    await register('policy', { category: 'policy', publishedOn: '2020-05-01', effectiveFrom: '2020-06-01' });
    // An imported, never reviewed document of the back catalogue.
    const dir = await mkdtemp(join(tmpdir(), 'cleanup-'));
    const file = join(dir, 'old.jsonl');
    await writeFile(
      file,
      JSON.stringify({
        title: 'unmarked',
        docNumber: '攀府规〔2019〕9号',
        category: 'normative',
        issuer: GOV,
        publishedOn: '2019-08-01',
        effectiveFrom: '2019-09-01',
      }) + '\n',
    );
    const code = await runCli(
      ['import', file],
      { DATABASE_URL: t.db.url, REDIS_URL: TEST_REDIS_URL, JWT_SECRET: t.config.JWT_SECRET, LOG_LEVEL: 'silent' },
      { out: () => undefined, err: () => undefined },
    );
    expect(code).toBe(0);
    id.unmarked = (await db.query(`SELECT id FROM document WHERE title = 'unmarked'`))[0].id;
  });
  afterAll(() => t.close());

  it('starts a campaign over the documents of the scope that have not ended', async () => {
    const res = await post('', {
      title: '2025年行政规范性文件集中清理',
      category: 'normative',
      issuer: GOV,
      issuedFrom: '2019-01-01',
      issuedTo: '2021-12-31',
    }).expect(201);
    campaignId = res.body.id;
    expect(res.body).toMatchObject({
      state: 'open',
      scope: { category: 'normative', issuer: GOV, issuedFrom: '2019-01-01', issuedTo: '2021-12-31' },
      counts: { documents: 5, decided: 0, undecided: 5 },
      createdBy: 'legal-2',
    });
    expect(res.body.undecided.map((d: { title: string }) => d.title).sort()).toEqual([
      'amend',
      'invalid',
      'keep',
      'repeal',
      'unmarked',
    ]);
    await post('', { title: '空', issuedFrom: '1990-01-01', issuedTo: '1990-12-31' }).expect(422);
    await t.http.post('/api/v1/cleanups').set('Authorization', `Bearer ${editor}`).send({ title: 'x' }).expect(403);
  });

  it('records decisions with reasons, shows the undecided, and refuses to finalise before all are decided', async () => {
    const missingReason = await post(`/${campaignId}/decisions`, {
      decisions: [{ documentId: id.repeal, decision: '废止' }],
    }).expect(422);
    expect(missingReason.body.errors).toEqual([
      { field: 'decisions[0].reason', reason: 'is required for 修改, 废止 and 宣布失效' },
    ]);
    const outside = await post(`/${campaignId}/decisions`, {
      decisions: [{ documentId: id.recent, decision: 'continue' }],
    }).expect(422);
    expect(outside.body.errors[0].field).toBe('decisions[0].documentId');

    const res = await post(`/${campaignId}/decisions`, {
      decisions: [
        { documentId: id.keep, decision: '继续有效' },
        { documentId: id.amend, decision: 'amend', reason: '部分条款需与新规定衔接' },
        { documentId: id.repeal, decision: '废止', reason: '已被新政策替代' },
      ],
    }).expect(200);
    expect(res.body.counts).toEqual({ documents: 5, decided: 3, undecided: 2 });
    const shown = await t.http
      .get(`/api/v1/cleanups/${campaignId}`)
      .set('Authorization', `Bearer ${legal}`)
      .expect(200);
    expect(shown.body.undecided.map((d: { title: string }) => d.title).sort()).toEqual(['invalid', 'unmarked']);
    expect(shown.body.items.find((i: { title: string }) => i.title === 'repeal')).toMatchObject({
      decision: 'repeal',
      decisionLabel: '废止',
      reason: '已被新政策替代',
    });

    const before = await statuses();
    const early = await post(`/${campaignId}/finalize`, {
      decisionDocNumber: '攀府发〔2025〕20号',
      effectiveOn: '2025-06-30',
    }).expect(409);
    expect(early.body).toMatchObject({ code: 'cleanup.undecided' });
    expect(early.body.undecided).toHaveLength(2);
    expect(await statuses()).toEqual(before);
  });

  it('applies no decision at all when one of them cannot be applied', async () => {
    await post(`/${campaignId}/decisions`, {
      decisions: [
        { documentId: id.invalid, decision: '宣布失效', reason: '上位法已废止' },
        { documentId: id.unmarked, decision: 'continue' },
      ],
    }).expect(200);
    // Meanwhile the document to be repealed is repealed by another act.
    await t.http
      .post(`/api/v1/documents/${id.repeal}/validity`)
      .set('Authorization', `Bearer ${legal}`)
      .set('If-Match', '"1"')
      .send({ action: 'repeal', effectiveOn: '2025-05-01', basisDocNumber: '攀府规〔2025〕1号' })
      .expect(201);
    const before = await statuses();
    const events = await db.query(`SELECT count(*)::int AS n FROM validity_event`);
    const res = await post(`/${campaignId}/finalize`, {
      decisionDocNumber: '攀府发〔2025〕20号',
      effectiveOn: '2025-06-30',
    }).expect(409);
    expect(res.body.code).toBe('cleanup.decisions_refused');
    expect(res.body.errors).toEqual([
      { field: `documents[${id.repeal}]`, reason: expect.stringContaining('攀府规〔2020〕3号') },
    ]);
    expect(await statuses()).toEqual(before);
    expect(await db.query(`SELECT count(*)::int AS n FROM validity_event`)).toEqual(events);
    expect(
      (await t.http.get(`/api/v1/cleanups/${campaignId}`).set('Authorization', `Bearer ${legal}`)).body.state,
    ).toBe('open');
  });

  it('finalises under one decision document: every decision applies together', async () => {
    // The officer revisits the decision on the document that was repealed meanwhile.
    await post(`/${campaignId}/decisions`, {
      decisions: [{ documentId: id.repeal, decision: 'continue', reason: '已另行废止' }],
    }).expect(200);
    const res = await post(`/${campaignId}/finalize`, {
      decisionDocNumber: '攀府发（2025）20号',
      effectiveOn: '2025-06-30',
    }).expect(200);
    expect(res.body).toMatchObject({
      state: 'finalized',
      decisionDocNumber: '攀府发〔2025〕20号',
      effectiveOn: '2025-06-30',
      finalizedBy: 'legal-2',
      summary: { repealed: 0, declaredInvalid: 1, markedInForce: 1, unchanged: 3, scheduled: 0 },
    });
    expect(await statuses()).toMatchObject({
      keep: 'in_force',
      amend: 'in_force',
      repeal: 'repealed',
      invalid: 'expired',
      unmarked: 'in_force',
      recent: 'in_force',
    });
    const invalid = (await t.http.get(`/api/v1/documents/${id.invalid}/history`)).body.events.at(-1);
    expect(invalid).toMatchObject({
      action: 'expire',
      reasonCode: 'declared_invalid',
      reason: '清理中宣布失效',
      basisDocNumber: '攀府发〔2025〕20号',
      effectiveOn: '2025-06-30',
    });
    // The imported, unreviewed document is marked in force as of the decision.
    const unmarked = (await t.http.get(`/api/v1/documents/${id.unmarked}/history`)).body.events;
    expect(unmarked.at(-1)).toMatchObject({ action: 'mark_in_force', toStatus: 'in_force', effectiveOn: '2025-06-30' });
  });

  it('refuses any change once finalised', async () => {
    await post(`/${campaignId}/decisions`, { decisions: [{ documentId: id.keep, decision: 'continue' }] }).expect(409);
    const again = await post(`/${campaignId}/finalize`, {
      decisionDocNumber: '攀府发〔2025〕21号',
      effectiveOn: '2025-06-30',
    }).expect(409);
    expect(again.body.code).toBe('cleanup.finalized');
    await t.http
      .get('/api/v1/cleanups/00000000-0000-4000-8000-000000000000')
      .set('Authorization', `Bearer ${legal}`)
      .expect(404);
  });
});
