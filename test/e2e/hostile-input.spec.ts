import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** Whatever a client sends, the answer is a 4xx problem document, never a 5xx. */
describe('hostile input', () => {
  let t: TestApp;
  let editor: string;
  let id: string;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await t.tokenFor('editor');
    const res = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .send({ title: '测试文件', category: 'policy', issuer: '攀枝花市人民政府', docNumber: '攀府函〔2025〕1号' })
      .expect(201);
    id = res.body.id;
  });
  afterAll(() => t.close());

  const bodies: [string, unknown][] = [
    ['NUL in the title', { title: 'a\u0000b', category: 'policy', issuer: 'x' }],
    ['NUL in the issuer', { title: 'a', category: 'policy', issuer: 'x\u0000' }],
    ['NUL in a keyword', { title: 'a', category: 'policy', issuer: 'x', keywords: ['\u0000'] }],
    ['a lone surrogate in the issuer', { title: 'a', category: 'policy', issuer: '\udfff' }],
    ['a lone surrogate in the title', { title: 'a\ud800b', category: 'policy', issuer: 'x' }],
    ['an array body', [1, 2, 3]],
    ['a string body', 'hello'],
    ['nested objects where text belongs', { title: { $gt: '' }, category: 'policy', issuer: 'x' }],
    ['a number where a list belongs', { title: 'a', category: 'policy', issuer: 'x', coIssuers: 5 }],
    ['a date far outside the calendar', { title: 'a', category: 'policy', issuer: 'x', publishedOn: '99999-01-01' }],
    ['year zero', { title: 'a', category: 'policy', issuer: 'x', publishedOn: '0000-01-01' }],
    ['empty strings for required fields', { title: '', category: '', issuer: '' }],
    ['whitespace-only title', { title: '   ', category: 'policy', issuer: 'x' }],
  ];

  it.each(bodies)('answers a POST with %s with a 4xx problem', async (_, body) => {
    const res = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .send(body as object);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it.each(bodies)('answers a PATCH with %s with a 4xx problem', async (_, body) => {
    const res = await t.http
      .patch(`/api/v1/documents/${id}`)
      .set('Authorization', `Bearer ${editor}`)
      .set('If-Match', '"1"')
      .send(body as object);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('answers a lone surrogate in any text with 400 naming the field', async () => {
    const res = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .send({ title: 'a', category: 'policy', issuer: '\udfff', keywords: ['好', 'x\ud800'] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'issuer', reason: 'must be valid Unicode text; it holds an unpaired surrogate (\\uDFFF)' },
        { field: 'keywords[1]', reason: 'must be valid Unicode text; it holds an unpaired surrogate (\\uD800)' },
      ]),
    );
    const login = await t.http.post('/api/v1/auth/login').send({ username: '\udfff', password: 'x' });
    expect(login.status).toBe(400);
    expect(login.body.errors).toEqual([{ field: 'username', reason: expect.stringContaining('unpaired surrogate') }]);
  });

  const queries = [
    'issuer=%00',
    'docNumber=%00',
    'page=1e400',
    'page=-1',
    'pageSize=0',
    'year=2024.5',
    'category=regulation&category=normative',
    'updatedSince=yesterday',
    'updatedSince=2024-02-30T00:00:00Z',
    'inForceOn=2019-02-29',
    "issuer=' OR 1=1 --",
    'status[$ne]=x',
  ];
  it.each(queries)('answers GET /documents?%s without a 5xx', async (q) => {
    const res = await t.http.get(`/api/v1/documents?${q}`);
    expect(res.status).toBeLessThan(500);
  });

  it.each(['%FF', '..%2F..%2Fetc', `${'a'.repeat(5000)}`])('answers GET /documents/%s with a 4xx', async (p) => {
    const res = await t.http.get(`/api/v1/documents/${p}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it.each(['post', 'patch'] as const)('answers a %s that is not JSON with 415', async (method) => {
    const res = await t.http[method](method === 'post' ? '/api/v1/documents' : `/api/v1/documents/${id}`)
      .set('Authorization', `Bearer ${editor}`)
      .set('If-Match', '"1"')
      .set('Content-Type', 'text/plain')
      .send('title=x');
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('stores SQL in a field as plain text', async () => {
    const docNumber = "'; DROP TABLE document; --";
    const res = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .send({ title: 'a', category: 'policy', issuer: 'x', docNumber })
      .expect(201);
    expect(res.body.docNumber).toBe("';DROPTABLEdocument;--");
    await t.http.get(`/api/v1/documents?docNumber=${encodeURIComponent(docNumber)}`).expect(200);
  });

  it('ignores a __proto__ member without polluting anything', async () => {
    const body = '{"title":"b","category":"policy","issuer":"x","__proto__":{"polluted":true}}';
    const res = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('kept the stored document intact through all of it', async () => {
    const res = await t.http.get(`/api/v1/documents/${id}`).expect(200);
    expect(res.body).toMatchObject({ title: '测试文件', version: 1 });
  });
});
