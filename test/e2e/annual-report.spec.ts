import { runCli } from '../../src/cli/run-cli.js';
import { TEST_REDIS_URL } from '../helpers/test-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const GOV = '攀枝花市人民政府';
const OFFICE = '攀枝花市人民政府办公室';

/**
 * A library shaped like Panzhihua's 2024 figures (政府信息公开年度报告 2024): 规章 0 issued, 1 repealed,
 * 3 in force; 行政规范性文件 5 issued, 12 expired or repealed, 36 in force — built through the API.
 */
describe('the annual report for 2024', () => {
  let t: TestApp;
  let editor: string;
  let legal: string;
  let n = 0;

  const register = async (over: Record<string, unknown>) => {
    n += 1;
    const res = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .send({
        title: `文件${n}`,
        docNumber: `${over.category === 'regulation' ? '攀枝花市人民政府令第' : '攀府规〔2020〕'}${n}${over.category === 'regulation' ? '号' : '号'}`,
        issuer: GOV,
        ...over,
      })
      .expect(201);
    return res.body as { id: string; version: number };
  };
  const act = (doc: { id: string; version: number }, body: object) =>
    t.http
      .post(`/api/v1/documents/${doc.id}/validity`)
      .set('Authorization', `Bearer ${legal}`)
      .set('If-Match', `"${doc.version}"`)
      .send(body)
      .then((res) => {
        if (res.status !== 201) throw new Error(JSON.stringify(res.body));
        return res;
      });
  const report = async (query: object = {}) =>
    (await t.http.get('/api/v1/reports/annual/2024').query(query).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp({ today: '2025-03-31' });
    editor = await t.tokenFor('editor');
    legal = await t.tokenFor('legal');

    // 规章: four in force since before 2024, one repealed in 2024.
    const regulations: { id: string; version: number }[] = [];
    for (let i = 0; i < 4; i++) {
      regulations.push(
        await register({
          category: 'regulation',
          publishedOn: `201${5 + i}-05-01`,
          effectiveFrom: `201${5 + i}-06-01`,
        }),
      );
    }
    await act(regulations[0], {
      action: 'repeal',
      effectiveOn: '2024-07-01',
      basisDocNumber: '攀枝花市人民政府令第200号',
    });

    // 行政规范性文件: 43 in force at the end of 2023 ...
    const normative: Record<string, unknown>[] = [];
    for (let i = 0; i < 43; i++) {
      const year = 2019 + (i % 5);
      normative.push({
        category: 'normative',
        issuer: i % 3 === 0 ? OFFICE : GOV,
        publishedOn: `${year}-03-${String(1 + (i % 28)).padStart(2, '0')}`,
        effectiveFrom: `${year}-04-01`,
        validUntil: `${2026 + (i % 5)}-03-31`,
      });
    }
    // ... six of which run out in 2024 (one on 2023-12-31: it expires on 2024-01-01, so it counts in 2024) ...
    const runOut = ['2023-12-31', '2024-01-31', '2024-03-31', '2024-06-30', '2024-09-30', '2024-12-30'];
    runOut.forEach((validUntil, i) => (normative[i].validUntil = validUntil));
    const docs = [];
    for (const d of normative) docs.push(await register(d));
    // ... four repealed and two declared invalid in 2024.
    for (const d of docs.slice(6, 10)) {
      await act(d, { action: 'repeal', effectiveOn: '2024-08-01', basisDocNumber: '攀府规〔2024〕1号' });
    }
    for (const d of docs.slice(10, 12)) {
      await act(d, {
        action: 'expire',
        effectiveOn: '2024-11-15',
        reason: 'declared_invalid',
        basisDocNumber: '攀府发〔2024〕30号',
      });
    }
    // Five issued in 2024, in force at its end.
    for (let i = 0; i < 5; i++) {
      await register({
        category: 'normative',
        publishedOn: `2024-0${i + 2}-10`,
        effectiveFrom: `2024-0${i + 3}-10`,
        validUntil: `2029-0${i + 3}-09`,
      });
    }
    // Neither counts in 2024: other policy documents, and a normative document of 2025.
    await register({ category: 'policy', publishedOn: '2024-05-05', effectiveFrom: '2024-05-05' });
    await register({
      category: 'normative',
      publishedOn: '2025-01-20',
      effectiveFrom: '2025-02-20',
      validUntil: '2030-02-19',
    });
  });
  afterAll(() => t.close());

  it('gives the figures of the Panzhihua report, computed from the events, and the identity holds', async () => {
    const r = await report();
    expect(r).toMatchObject({
      year: 2024,
      issuer: null,
      regulation: { issued: 0, repealed: 1, inForce: 3, inForcePreviousYear: 4 },
      normative: { issued: 5, repealed: 12, inForce: 36, inForcePreviousYear: 43 },
      identity: { holds: true, breaks: [] },
    });
    expect(r.identity.checks.normative).toEqual({ expected: 36, actual: 36, difference: 0, breaks: 0, holds: true });
  });

  it('does not use today’s status: the 2023 figures are those of 31 December 2023', async () => {
    const r = (await t.http.get('/api/v1/reports/annual/2023').expect(200)).body;
    expect(r.regulation.inForce).toBe(4);
    expect(r.normative.inForce).toBe(43);
  });

  it('filters by issuer', async () => {
    const office = await report({ issuer: OFFICE });
    const gov = await report({ issuer: GOV });
    expect(office.regulation).toMatchObject({ issued: 0, repealed: 0, inForce: 0 });
    expect(office.normative.inForce + gov.normative.inForce).toBe(36);
    expect(office.normative.repealed + gov.normative.repealed).toBe(12);
    expect(office.issuer).toBe(OFFICE);
  });

  it('gives CSV with the Chinese headings', async () => {
    const res = await t.http.get('/api/v1/reports/annual/2024').query({ format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('本年制发件数 issued');
    expect(lines[1]).toBe('2024,,regulation,规章,0,1,3,4,true');
    expect(lines[2]).toBe('2024,,normative,行政规范性文件,5,12,36,43,true');
  });

  it('writes text that a spreadsheet would run as a formula as plain text', async () => {
    const issuer = '=HYPERLINK("http://evil.example/","点此查看")';
    const res = await t.http.get('/api/v1/reports/annual/2024').query({ format: 'csv', issuer }).expect(200);
    const row = res.text.replace(/^\uFEFF/, '').split('\r\n')[1];
    expect(row.startsWith(`2024,"'=HYPERLINK(""http://evil.example/"",""点此查看"")",regulation,`)).toBe(true);
  });

  it('refuses a malformed year or format', async () => {
    await t.http.get('/api/v1/reports/annual/20x4').expect(400);
    await t.http.get('/api/v1/reports/annual/1066').expect(400);
    await t.http.get('/api/v1/reports/annual/2024').query({ format: 'xlsx' }).expect(400);
  });

  it('prints the same figures from the command line', async () => {
    const out: string[] = [];
    const code = await runCli(
      ['report:annual', '2024'],
      { DATABASE_URL: t.db.url, REDIS_URL: TEST_REDIS_URL, JWT_SECRET: t.config.JWT_SECRET, LOG_LEVEL: 'silent' },
      { out: (l) => out.push(l), err: (l) => out.push(l) },
    );
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/规章\s+0\s+1\s+3\s+4/);
    expect(out.join('\n')).toMatch(/行政规范性文件\s+5\s+12\s+36\s+43/);
    expect(out.join('\n')).toContain('holds');
  });

  it('lists the documents that break the identity, and why', async () => {
    // Published in 2024 but only takes effect in 2025; and one ended in 2024 without ever being in force.
    const late = await register({
      category: 'normative',
      publishedOn: '2024-12-20',
      effectiveFrom: '2025-01-10',
      validUntil: '2030-01-09',
    });
    const never = await register({ category: 'normative', publishedOn: null, effectiveFrom: null });
    await act(never, { action: 'expire', effectiveOn: '2024-10-01', reason: 'basis_ceased' });
    const r = await report();
    expect(r.normative).toMatchObject({ issued: 6, repealed: 13, inForce: 36, inForcePreviousYear: 43 });
    expect(r.identity.holds).toBe(false);
    // The two breaks cancel out in the totals; the report still names them.
    expect(r.identity.checks.normative).toEqual({ expected: 36, actual: 36, difference: 0, breaks: 2, holds: false });
    expect(r.identity.breaks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ documentId: late.id, code: 'issued_not_in_force', difference: 1 }),
        expect.objectContaining({ documentId: never.id, code: 'ended_without_being_in_force', difference: -1 }),
      ]),
    );
    expect(r.identity.breaks).toHaveLength(2);
  });
});
