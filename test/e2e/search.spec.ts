import { DataSource } from 'typeorm';
import { eventually } from '../helpers/eventually.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** A change must show in search within 2 s (issue 4); the poll gives up after that. */
const INDEXED_WITHIN_MS = 2_000;

const base = { category: 'normative', issuer: '攀枝花市人民政府', body: '' };
const docs = {
  construction: {
    ...base,
    title: '关于加强在建工程安全管理的通知',
    docNumber: '攀府发〔2024〕5号',
    publishedOn: '2024-03-01',
    effectiveFrom: '2024-03-01',
    validUntil: '2029-02-28',
    body: '各县（区）人民政府：为加强全市在建工程安全生产管理，现就有关事项通知如下。',
  },
  pensionInTitle: {
    ...base,
    title: '攀枝花市养老服务补贴管理办法',
    docNumber: '攀府规〔2023〕2号',
    publishedOn: '2023-05-10',
    effectiveFrom: '2023-06-01',
    validUntil: '2028-05-31',
    body: '第一条 为规范补贴发放，制定本办法。',
  },
  pensionInBody: {
    ...base,
    category: 'policy',
    title: '关于做好2025年民生实事工作的通知',
    docNumber: '攀府函〔2025〕8号',
    publishedOn: '2025-01-15',
    effectiveFrom: '2025-01-15',
    body: '一、落实养老服务补贴政策，提高城乡居民生活水平。二、其他事项。',
  },
  allowanceOld: {
    ...base,
    title: '攀枝花市城乡居民最低生活保障实施办法',
    docNumber: '攀府规〔2022〕1号',
    publishedOn: '2022-01-10',
    effectiveFrom: '2022-01-10',
    // Its validity period ran out before today (2025-06-30): registered as expired.
    validUntil: '2024-12-31',
    body: '第一条 为保障城乡居民基本生活，制定本办法。',
  },
  allowanceCurrent: {
    ...base,
    title: '攀枝花市城乡居民最低生活保障实施办法',
    docNumber: '攀府规〔2020〕3号',
    publishedOn: '2020-03-01',
    effectiveFrom: '2020-03-01',
    validUntil: '2030-02-28',
    body: '第一条 为保障城乡居民基本生活，制定本办法。',
  },
  office: {
    ...base,
    category: 'policy',
    issuer: '攀枝花市人民政府办公室',
    title: '攀枝花市人民政府办公室关于印发优化营商环境工作方案的通知',
    docNumber: '攀办发〔2021〕12号',
    publishedOn: '2021-09-01',
    effectiveFrom: '2021-09-01',
    body: '为持续优化营商环境，根据攀府发〔2024〕5号文件精神，制定本方案。',
  },
};

type Key = keyof typeof docs;

describe('GET /search on the PostgreSQL engine', () => {
  let t: TestApp;
  let editor: string;
  const ids = {} as Record<Key, string>;

  const search = (query: Record<string, string | number>) => t.http.get('/api/v1/search').query(query);
  const hitIds = (body: { hits: { id: string }[] }) => body.hits.map((h) => h.id);

  beforeAll(async () => {
    t = await createTestApp({ today: '2025-06-30' });
    editor = await t.tokenFor('editor');
    for (const [key, doc] of Object.entries(docs)) {
      const res = await t.http.post('/api/v1/documents').set('Authorization', `Bearer ${editor}`).send(doc).expect(201);
      ids[key as Key] = res.body.id;
    }
    // Registered documents reach the index through the outbox and the indexing queue.
    await eventually(async () => expect((await search({}).expect(200)).body.total).toBe(6), { withinMs: 10_000 });
  });
  afterAll(() => t.close());

  it('answers in the shape SPEC section 3 gives', async () => {
    const res = await search({ q: '在建工程' }).expect(200);
    expect(res.body).toEqual({
      total: 1,
      page: 1,
      pageSize: 20,
      hits: [
        {
          id: ids.construction,
          title: docs.construction.title,
          docNumber: '攀府发〔2024〕5号',
          issuer: '攀枝花市人民政府',
          category: 'normative',
          status: 'in_force',
          statusLabel: '现行有效',
          publishedOn: '2024-03-01',
          highlight: {
            title: '关于加强<em>在建工程</em>安全管理的通知',
            body: expect.stringContaining('<em>在建工程</em>'),
          },
        },
      ],
      facets: {
        category: { normative: 1 },
        status: { in_force: 1 },
        issuer: { 攀枝花市人民政府: 1 },
        year: { '2024': 1 },
      },
      matching: 'all',
      engine: 'postgres',
      tookMs: expect.any(Number),
    });
  });

  it.each(['攀府发〔2024〕5号', '攀府发[2024]5号', '攀府发（2024）5号', '攀府发2024年5号', '攀府发【２０２４】５号'])(
    'finds the document numbered 攀府发〔2024〕5号 first when asked for %s',
    async (written) => {
      const res = await search({ q: written }).expect(200);
      expect(res.body.hits[0].id).toBe(ids.construction);
      // The document that cites it is found too, after it.
      expect(hitIds(res.body)).toContain(ids.office);
    },
  );

  it('finds a word inside a longer word (工程 in 在建工程)', async () => {
    const res = await search({ q: '工程' }).expect(200);
    expect(hitIds(res.body)).toEqual([ids.construction]);
  });

  it('ranks a title match above a body match', async () => {
    const res = await search({ q: '养老服务补贴' }).expect(200);
    expect(hitIds(res.body)).toEqual([ids.pensionInTitle, ids.pensionInBody]);
    expect(res.body.hits[1].highlight.body).toContain('<em>养老服务补贴</em>');
  });

  it('ranks the in-force document above the ended one when they match equally', async () => {
    const res = await search({ q: '最低生活保障实施办法' }).expect(200);
    expect(hitIds(res.body)).toEqual([ids.allowanceCurrent, ids.allowanceOld]);
    expect(res.body.hits.map((h: { status: string }) => h.status)).toEqual(['in_force', 'expired']);
  });

  it('finds documents by issuer name', async () => {
    const res = await search({ q: '人民政府办公室' }).expect(200);
    expect(hitIds(res.body)[0]).toBe(ids.office);
  });

  it('filters by category, status, issuer, year and date range, and counts facets over the filtered matches', async () => {
    expect(hitIds((await search({ category: 'policy', sort: '-publishedOn' }).expect(200)).body)).toEqual([
      ids.pensionInBody,
      ids.office,
    ]);
    expect(hitIds((await search({ status: 'expired' }).expect(200)).body)).toEqual([ids.allowanceOld]);
    expect(hitIds((await search({ issuer: '攀枝花市人民政府办公室' }).expect(200)).body)).toEqual([ids.office]);
    expect(hitIds((await search({ year: 2023 }).expect(200)).body)).toEqual([ids.pensionInTitle]);
    const range = await search({ from: '2022-01-01', to: '2023-12-31', sort: 'publishedOn' }).expect(200);
    expect(hitIds(range.body)).toEqual([ids.allowanceOld, ids.pensionInTitle]);
    const all = await search({}).expect(200);
    expect(all.body.facets).toEqual({
      category: { normative: 4, policy: 2 },
      status: { in_force: 5, expired: 1 },
      issuer: { 攀枝花市人民政府: 5, 攀枝花市人民政府办公室: 1 },
      year: { '2020': 1, '2021': 1, '2022': 1, '2023': 1, '2024': 1, '2025': 1 },
    });
  });

  it('sorts by publication date either way and pages through the results', async () => {
    const newest = await search({ sort: '-publishedOn', pageSize: 2, page: 1 }).expect(200);
    expect(hitIds(newest.body)).toEqual([ids.pensionInBody, ids.construction]);
    const next = await search({ sort: '-publishedOn', pageSize: 2, page: 2 }).expect(200);
    expect(hitIds(next.body)).toEqual([ids.pensionInTitle, ids.allowanceOld]);
    expect(next.body).toMatchObject({ total: 6, page: 2, pageSize: 2 });
    const oldest = await search({ sort: 'publishedOn', pageSize: 1 }).expect(200);
    expect(hitIds(oldest.body)).toEqual([ids.allowanceCurrent]);
  });

  it.each([
    [{ pageSize: 101 }, 'pageSize'],
    [{ pageSize: 0 }, 'pageSize'],
    [{ page: 'x' }, 'page'],
    [{ category: 'laws' }, 'category'],
    [{ status: "in_force' OR '1'='1" }, 'status'],
    [{ year: '2024; DROP TABLE document' }, 'year'],
    [{ from: '2024-02-30' }, 'from'],
    [{ sort: 'title' }, 'sort'],
    [{ from: '2024-05-01', to: '2024-04-01' }, 'to'],
    [{ unknown: '1' }, 'unknown'],
    [{ q: 'x'.repeat(201) }, 'q'],
  ])('refuses %j with 400 naming %s', async (query, field) => {
    const res = await search(query as Record<string, string>).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses a repeated parameter instead of failing', async () => {
    const res = await t.http.get('/api/v1/search?category=policy&category=normative').expect(400);
    expect(res.body.errors[0].field).toBe('category');
  });

  it('reads hostile filter values and queries as plain values, never as SQL or tsquery syntax', async () => {
    const hostile = [
      "' OR '1'='1",
      "攀枝花市人民政府' OR 1=1 --",
      "'); DELETE FROM search_document; --",
      '\\',
      "攀枝花市人民政府'::text --",
    ];
    for (const value of hostile) {
      const res = await search({ issuer: value }).expect(200);
      expect(res.body.total).toBe(0);
    }
    for (const q of [...hostile, '在建 & ! | ( ) :* <-> \'"', "工程' | '养老", '*', '!!!', '()']) {
      const res = await search({ q }).expect(200);
      expect(res.body.hits.every((h: { id: string }) => Object.values(ids).includes(h.id))).toBe(true);
    }
    const [{ n }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM search_document`);
    expect(n).toBe(6);
    // tsquery operators typed by a user are just punctuation: the search is the one for the two words.
    const typed = await search({ q: "工程' | '养老" }).expect(200);
    const words = await search({ q: '工程 养老' }).expect(200);
    expect(hitIds(typed.body)).toEqual(hitIds(words.body));
    expect(hitIds(typed.body)).toEqual(expect.arrayContaining([ids.construction, ids.pensionInTitle]));
  });

  it('shows an edited document in search within 2 seconds', async () => {
    const current = await t.http.get(`/api/v1/documents/${ids.office}`).expect(200);
    await t.http
      .patch(`/api/v1/documents/${ids.office}`)
      .set('Authorization', `Bearer ${editor}`)
      .set('If-Match', current.headers.etag)
      .send({ title: '攀枝花市人民政府办公室关于印发数字政府建设工作方案的通知' })
      .expect(200);
    await eventually(
      async () => expect(hitIds((await search({ q: '数字政府' }).expect(200)).body)).toEqual([ids.office]),
      { withinMs: INDEXED_WITHIN_MS },
    );
    expect((await search({ q: '营商环境' }).expect(200)).body.hits[0]?.title ?? '').not.toContain('营商环境');
  });

  it('shows a newly registered document in search within 2 seconds', async () => {
    const res = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .send({ ...base, title: '攀枝花市河长制工作规定', docNumber: '攀府规〔2025〕7号', publishedOn: '2025-05-01' })
      .expect(201);
    await eventually(
      async () => expect(hitIds((await search({ q: '攀府规2025年7号' }).expect(200)).body)).toEqual([res.body.id]),
      { withinMs: INDEXED_WITHIN_MS },
    );
  });

  it('reports the search engine in the health check', async () => {
    const res = await t.http.get('/api/v1/health').expect(200);
    expect(res.body.checks.search).toMatchObject({
      status: 'up',
      engine: 'postgres',
      indexing: { waiting: 0, active: 0, delayed: 0, failed: 0 },
    });
  });
});
