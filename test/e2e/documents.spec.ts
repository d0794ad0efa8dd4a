import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const valid = {
  title: '攀枝花市人民政府关于印发《攀枝花市养老服务补贴管理办法》的通知',
  docNumber: '攀府规【２０２５】3号',
  category: 'normative',
  issuer: '攀枝花市人民政府',
  indexNo: '008320033/2025-00012',
  topic: '民政、扶贫、救灾\\社会福利',
  keywords: ['养老', '补贴'],
  signedOn: '2025-03-01',
  publishedOn: '2025-03-05',
  effectiveFrom: '2025-04-01',
  validUntil: '2030-03-31',
  summary: '明确养老服务补贴的对象、标准和程序。',
  body: '第一条 为了规范养老服务补贴管理……',
};

describe('documents API', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp({ today: '2025-06-30' });
    editor = await t.tokenFor('editor');
  });
  afterAll(() => t.close());

  const register = (body: object, token = editor) =>
    t.http.post('/api/v1/documents').set('Authorization', `Bearer ${token}`).send(body);

  describe('registering', () => {
    it('registers a document with every field, normalises the 发文字号 and derives the status from its dates', async () => {
      const res = await register(valid).expect(201);
      expect(res.body).toMatchObject({
        ...valid,
        docNumber: '攀府规〔2025〕3号',
        status: 'in_force',
        statusLabel: '现行有效',
        version: 1,
        coIssuers: [],
        registrationNo: null,
      });
      expect(res.headers.etag).toBe('"1"');
      const stored = await t.http.get(`/api/v1/documents/${res.body.id}`).expect(200);
      expect(stored.body).toEqual(res.body);
      const events = await t.app
        .get(DataSource)
        .query(
          'SELECT action, from_status, to_status, effective_on, actor_name FROM validity_event WHERE document_id = $1',
          [res.body.id],
        );
      expect(events).toEqual([
        {
          action: 'register',
          from_status: null,
          to_status: 'in_force',
          effective_on: '2025-04-01',
          actor_name: 'editor-1',
        },
      ]);
    });

    it('makes a document that takes effect later pending', async () => {
      const res = await register({
        ...valid,
        docNumber: '攀府规〔2025〕9号',
        publishedOn: '2025-06-20',
        effectiveFrom: '2025-08-01',
      }).expect(201);
      expect(res.body.status).toBe('pending');
    });

    it('refuses a duplicate 发文字号 of the same issuer in any written form, naming the existing document', async () => {
      const first = await register({ ...valid, docNumber: '攀府发〔2024〕5号' }).expect(201);
      const res = await register({ ...valid, docNumber: '攀府发（2024）5号', title: '另一个文件' }).expect(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 409,
        existingDocumentId: first.body.id,
        errors: [{ field: 'docNumber' }],
      });
      expect(res.body.detail).toContain(first.body.id);
    });

    it('allows the same 发文字号 from another issuer', async () => {
      await register({ ...valid, docNumber: '攀府发〔2024〕6号' }).expect(201);
      await register({ ...valid, docNumber: '攀府发〔2024〕6号', issuer: '攀枝花市人民政府办公室' }).expect(201);
    });
  });

  describe('refusing bad input with a problem that names the field', () => {
    const cases: [string, object, string][] = [
      ['a title of the wrong type', { ...valid, title: 42 }, 'title'],
      ['a missing title', { ...valid, title: undefined }, 'title'],
      ['an unknown field', { ...valid, colour: 'red' }, 'colour'],
      ['status written directly', { ...valid, status: 'repealed' }, 'status'],
      ['an unknown category', { ...valid, category: 'law' }, 'category'],
      ['a non-existent date', { ...valid, publishedOn: '2023-02-29' }, 'publishedOn'],
      ['a date in another format', { ...valid, signedOn: '2025/03/01' }, 'signedOn'],
      ['signing after publication', { ...valid, signedOn: '2025-03-06' }, 'signedOn'],
      ['validity ending before it starts', { ...valid, validUntil: '2025-03-31' }, 'validUntil'],
      ['a 2 MB title', { ...valid, title: '标'.repeat(700_000) }, 'title'],
      ['keywords that are not strings', { ...valid, keywords: [1, 2] }, 'keywords'],
      ['keywords that are not a list', { ...valid, keywords: '养老' }, 'keywords'],
    ];
    it.each(cases)('refuses %s', async (_, body, field) => {
      const res = await register(body).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: expect.any(String),
        title: 'Bad Request',
        status: 400,
        detail: expect.any(String),
      });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(res.body.errors.every((e: { reason: string }) => e.reason.length > 0)).toBe(true);
    });

    it('refuses broken JSON with 400', async () => {
      const res = await t.http
        .post('/api/v1/documents')
        .set('Authorization', `Bearer ${editor}`)
        .set('Content-Type', 'application/json')
        .send('{"title": "x",')
        .expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.detail).toMatch(/not valid JSON/);
    });

    it('refuses a body over the size limit with 413', async () => {
      const res = await register({ ...valid, body: 'x'.repeat(9 * 1024 * 1024) }).expect(413);
      expect(res.body.status).toBe(413);
    });

    it('refuses a malformed id with 400 naming id', async () => {
      const res = await t.http.get('/api/v1/documents/not-a-uuid').expect(400);
      expect(res.body.errors).toEqual([{ field: 'id', reason: 'must be a UUID' }]);
    });

    it('answers 404 for a document that does not exist', async () => {
      const res = await t.http.get('/api/v1/documents/6f1c1f4e-8a55-4d43-9a53-2a3d2c1b0a99').expect(404);
      expect(res.body).toMatchObject({ status: 404, code: 'document.not_found' });
    });

    it('refuses bad list parameters', async () => {
      const res = await t.http.get('/api/v1/documents?pageSize=500&year=abc&inForceOn=2019-13-01').expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['inForceOn', 'pageSize', 'year']);
    });
  });

  describe('who may write', () => {
    it('lets the public read but not write', async () => {
      await t.http.get('/api/v1/documents').expect(200);
      const res = await t.http.post('/api/v1/documents').send(valid).expect(401);
      expect(res.body.code).toBe('auth.token_missing');
    });

    it('refuses a forged token with 401', async () => {
      await register(valid, 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl').expect(401);
    });

    it('refuses the wrong role with 403', async () => {
      const legal = await t.tokenFor('legal');
      const res = await register({ ...valid, docNumber: '攀府规〔2025〕77号' }, legal).expect(403);
      expect(res.body.code).toBe('auth.role_forbidden');
    });

    it('refuses a wrong password with 401', async () => {
      await t.tokenFor('editor');
      const res = await t.http
        .post('/api/v1/auth/login')
        .send({ username: 'editor-1', password: 'wrong-password' })
        .expect(401);
      expect(res.body.code).toBe('auth.invalid_credentials');
    });
  });

  describe('editing', () => {
    it('edits with the current version, bumps it, and refuses a stale version without changing anything', async () => {
      const created = await register({ ...valid, docNumber: '攀府规〔2025〕20号' }).expect(201);
      const url = `/api/v1/documents/${created.body.id}`;
      const edited = await t.http
        .patch(url)
        .set('Authorization', `Bearer ${editor}`)
        .set('If-Match', '"1"')
        .send({ summary: '新的概述' })
        .expect(200);
      expect(edited.body).toMatchObject({ summary: '新的概述', version: 2, title: valid.title });
      expect(edited.headers.etag).toBe('"2"');

      const stale = await t.http
        .patch(url)
        .set('Authorization', `Bearer ${editor}`)
        .set('If-Match', '"1"')
        .send({ summary: '旧的' })
        .expect(412);
      expect(stale.body).toMatchObject({ status: 412, currentVersion: 2 });
      const after = await t.http.get(url).expect(200);
      expect(after.body).toMatchObject({ summary: '新的概述', version: 2 });
    });

    it('needs If-Match (428) and refuses a malformed one (400)', async () => {
      const created = await register({ ...valid, docNumber: '攀府规〔2025〕21号' }).expect(201);
      const url = `/api/v1/documents/${created.body.id}`;
      await t.http.patch(url).set('Authorization', `Bearer ${editor}`).send({ summary: 'x' }).expect(428);
      const bad = await t.http
        .patch(url)
        .set('Authorization', `Bearer ${editor}`)
        .set('If-Match', 'abc')
        .send({ summary: 'x' })
        .expect(400);
      expect(bad.body.errors[0].field).toBe('If-Match');
    });

    it('refuses to clear a required field, and checks dates against the stored ones', async () => {
      const created = await register({ ...valid, docNumber: '攀府规〔2025〕22号' }).expect(201);
      const url = `/api/v1/documents/${created.body.id}`;
      const cleared = await t.http
        .patch(url)
        .set('Authorization', `Bearer ${editor}`)
        .set('If-Match', '"1"')
        .send({ title: null })
        .expect(400);
      expect(cleared.body.errors[0].field).toBe('title');
      const order = await t.http
        .patch(url)
        .set('Authorization', `Bearer ${editor}`)
        .set('If-Match', '"1"')
        .send({ validUntil: '2025-01-01' })
        .expect(400);
      expect(order.body.errors[0].field).toBe('validUntil');
      const after = await t.http.get(url).expect(200);
      expect(after.body.version).toBe(1);
    });

    it("refuses an edit that takes another document's 发文字号", async () => {
      const a = await register({ ...valid, docNumber: '攀府规〔2025〕30号' }).expect(201);
      await register({ ...valid, docNumber: '攀府规〔2025〕31号' }).expect(201);
      const res = await t.http
        .patch(`/api/v1/documents/${a.body.id}`)
        .set('Authorization', `Bearer ${editor}`)
        .set('If-Match', '"1"')
        .send({ docNumber: '攀府规[2025]31号' })
        .expect(409);
      expect(res.body.code).toBe('document.duplicate_doc_number');
    });

    it('lets exactly one of two concurrent edits of the same version win', async () => {
      const created = await register({ ...valid, docNumber: '攀府规〔2025〕40号' }).expect(201);
      const url = `/api/v1/documents/${created.body.id}`;
      const edit = (summary: string) =>
        t.http.patch(url).set('Authorization', `Bearer ${editor}`).set('If-Match', '"1"').send({ summary });
      const results = await Promise.all([edit('甲'), edit('乙'), edit('丙')]);
      expect(results.map((r) => r.status).sort((a, b) => a - b)).toEqual([200, 412, 412]);
      const after = await t.http.get(url).expect(200);
      expect(after.body.version).toBe(2);
    });
  });

  describe('listing', () => {
    it('filters by category, docNumber in any written form, year and paginates', async () => {
      const res = await t.http.get('/api/v1/documents?docNumber=攀府规[2025]3号').expect(200);
      expect(res.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
      expect(res.body.items[0].docNumber).toBe('攀府规〔2025〕3号');
      expect(res.body.items[0].body).toBeUndefined();
      const page = await t.http.get('/api/v1/documents?category=normative&year=2025&pageSize=2&page=2').expect(200);
      expect(page.body.items).toHaveLength(2);
      expect(page.body.total).toBeGreaterThan(4);
    });

    it('answers what was in force on a past date from the events', async () => {
      await register({
        ...valid,
        docNumber: '攀府规〔2019〕1号',
        publishedOn: '2019-01-01',
        effectiveFrom: '2019-02-01',
        validUntil: '2023-12-31',
        signedOn: '2019-01-01',
      }).expect(201);
      const past = await t.http.get('/api/v1/documents?inForceOn=2019-06-30').expect(200);
      expect(past.body.items.map((d: { docNumber: string }) => d.docNumber)).toEqual(['攀府规〔2019〕1号']);
      const expired = await t.http.get('/api/v1/documents?docNumber=攀府规〔2019〕1号').expect(200);
      expect(expired.body.items[0].status).toBe('expired');
      const now = await t.http.get('/api/v1/documents?inForceOn=2025-06-30&docNumber=攀府规〔2019〕1号').expect(200);
      expect(now.body.total).toBe(0);
    });
  });
});
