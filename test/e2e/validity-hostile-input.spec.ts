import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** Whatever a client sends to the validity endpoints, the answer is a 4xx problem document, never a 5xx. */
describe('hostile input to the validity endpoints', () => {
  let t: TestApp;
  let legal: string;
  let id: string;

  beforeAll(async () => {
    t = await createTestApp();
    legal = await t.tokenFor('legal');
    const editor = await t.tokenFor('editor');
    const res = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .send({ title: '测试', category: 'normative', issuer: '攀枝花市人民政府', publishedOn: '2024-01-01' })
      .expect(201);
    id = res.body.id;
  });
  afterAll(() => t.close());

  const hostile: unknown[] = [
    [1, 2],
    'text',
    { action: 'repeal', effectiveOn: '2025-01-01', basisDocNumber: 'x\u0000' },
    { action: 'expire', effectiveOn: '2025-01-01', reason: '\u0000' },
    { action: 'partially_invalidate', effectiveOn: '2025-01-01', provisions: ['第一条\u0000'] },
    { action: 'partially_invalidate', effectiveOn: '2025-01-01', provisions: 'all' },
    { action: 'repeal', effectiveOn: '99999-01-01', basisDocNumber: 'x' },
    { action: 'repeal', effectiveOn: { $gt: '' } },
    {
      action: 'correction',
      effectiveOn: '2025-01-01',
      toStatus: 'in_force',
      correctsEventId: '99999999999999999999',
      reason: 'x',
    },
    { action: 'correction', effectiveOn: '2025-01-01', toStatus: 'gone', correctsEventId: '1', reason: 'x' },
    { action: 'repeal', effectiveOn: '2025-01-01', basisDocumentId: 'not-a-uuid' },
  ];

  it.each(hostile.map((b) => [JSON.stringify(b), b]))('answers a validity action %s with a 4xx', async (_, body) => {
    const res = await t.http
      .post(`/api/v1/documents/${id}/validity`)
      .set('Authorization', `Bearer ${legal}`)
      .set('If-Match', '"1"')
      .send(body as object);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  const posts: [string, unknown][] = [
    ['relations', { kind: 'amends', targetTitle: 'a\u0000' }],
    ['relations', { kind: 'amends', targetDocumentId: 5 }],
    ['interpretations', { form: '文字', title: 'x', url: 'javascript:alert(1)' }],
    ['interpretations', { form: '文字', title: 'x\u0000' }],
    ['interpretations', { form: '文字', title: 'x', publishedOn: '2025-02-30' }],
  ];
  it.each(posts)('answers POST /documents/{id}/%s with hostile input with a 4xx', async (path, body) => {
    const res = await t.http
      .post(`/api/v1/documents/${id}/${path}`)
      .set('Authorization', `Bearer ${legal}`)
      .send(body as object);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  const cleanupBodies: [string, unknown][] = [
    ['', { title: 'x\u0000' }],
    ['', { title: 'x', issuedFrom: '2025-13-01' }],
    ['', { title: 'x', issuedFrom: '2025-01-01', issuedTo: '2024-01-01' }],
    ['/00000000-0000-4000-8000-000000000000/decisions', { decisions: [] }],
    [
      '/00000000-0000-4000-8000-000000000000/decisions',
      { decisions: [{ documentId: '00000000-0000-4000-8000-000000000001', decision: 'burn' }] },
    ],
    [
      '/00000000-0000-4000-8000-000000000000/decisions',
      { decisions: [{ documentId: '00000000-0000-4000-8000-000000000001', decision: 'continue' }] },
    ],
    ['/not-a-uuid/finalize', { decisionDocNumber: 'x', effectiveOn: '2025-01-01' }],
    ['/00000000-0000-4000-8000-000000000000/finalize', { effectiveOn: '2025-01-01' }],
  ];
  it.each(cleanupBodies)('answers POST /cleanups%s with hostile input with a 4xx', async (path, body) => {
    const res = await t.http
      .post(`/api/v1/cleanups${path}`)
      .set('Authorization', `Bearer ${legal}`)
      .send(body as object);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it.each([
    '/api/v1/reports/annual/2024?issuer=%00',
    '/api/v1/reports/annual/2024?format=pdf',
    '/api/v1/reports/annual/99999999999999999999',
    '/api/v1/reports/annual/-1',
    '/api/v1/validity/expiring?withinDays=-5',
    '/api/v1/validity/expiring?withinDays=1e9',
    '/api/v1/documents/not-a-uuid/history',
  ])('answers GET %s with a 4xx', async (path) => {
    const res = await t.http.get(path).set('Authorization', `Bearer ${legal}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
