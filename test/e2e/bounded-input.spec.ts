import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { percentile, post, rawExchange, readLatencies } from '../helpers/raw-http.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** `{"username":"x","password":"y","x":[[[[…]]]]}`: a few million levels in about 8 MB. */
const nestedLogin = (levels: number) =>
  Buffer.from(`{"username":"x","password":"y","x":${'['.repeat(levels)}${']'.repeat(levels)}}`);

/** No request, however large, deep or slow, holds up the others or holds a connection for long. */
describe('bounded request input', () => {
  let t: TestApp;
  let port: number;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { HTTP_BODY_TIMEOUT_MS: '1000', HTTP_HEADERS_TIMEOUT_MS: '1000' } });
    await t.app.listen(0, '127.0.0.1');
    port = ((t.app.getHttpServer() as Server).address() as AddressInfo).port;
    editor = await t.tokenFor('editor');
    for (let i = 1; i <= 20; i++) {
      await t.http
        .post('/api/v1/documents')
        .set('Authorization', `Bearer ${editor}`)
        .send({
          title: `关于第${i}项工作的通知`,
          category: 'policy',
          issuer: '攀枝花市人民政府',
          publishedOn: '2024-03-01',
        })
        .expect(201);
    }
  });
  afterAll(() => t.close());

  it('answers a body nested 5,000 levels deep with 400 naming the limit', async () => {
    const res = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .set('Content-Type', 'application/json')
      .send(nestedLogin(5_000).toString());
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'request.body_too_deep',
      errors: [{ field: '(body)', reason: 'must not nest deeper than 16 levels' }],
    });
  });

  it('answers a login nested 2,000 levels deep with 400', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(nestedLogin(2_000).toString());
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'request.body_too_deep' });
  });

  it('refuses a login body over 4 KB with 413, before looking at the password', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ username: 'x', password: 'p'.repeat(5_000) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'request.body_too_large', detail: expect.stringContaining('4 KB') });
  });

  it('stops reading a login body sent without a length at 4 KB', async () => {
    const chunked = Buffer.from(`{"username":"x","password":"${'p'.repeat(10_000)}"}`);
    const { status } = await post(port, '/api/v1/auth/login', chunked, { 'Transfer-Encoding': 'chunked' });
    expect([413, 'cut']).toContain(status);
  });

  it('refuses a large body without a token before reading it, and closes the connection', async () => {
    // Headers announcing 8 MB, then one kilobyte, then nothing: the answer cannot wait for the rest.
    const answer = await rawExchange(
      port,
      [
        'POST /api/v1/documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 8000000\r\n\r\n',
        `{"title":"${'x'.repeat(1_000)}`,
      ],
      3_000,
    );
    expect(answer.status).toBe(401);
    expect(answer.text).toMatch(/connection: close/i);
    expect(answer.closedAfterMs).not.toBeNull();
    expect(answer.closedAfterMs!).toBeLessThan(1_000);
  });

  it('refuses an editor a body with more values than any request needs', async () => {
    const res = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .send({ title: 'x', category: 'policy', issuer: 'x', keywords: Array.from({ length: 30_000 }, () => 'k') });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'request.body_too_many_items' });
  });

  it('cuts off a body that arrives too slowly with 408 and closes the connection', async () => {
    const answer = await rawExchange(
      port,
      [
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n',
        '{"username":"x",',
      ],
      5_000,
    );
    expect(answer.status).toBe(408);
    expect(answer.text).toContain('request.body_timeout');
    expect(answer.closedAfterMs).not.toBeNull();
    expect(answer.closedAfterMs!).toBeLessThan(2_500);
  });

  it('cuts off headers that arrive too slowly', async () => {
    const answer = await rawExchange(port, ['GET /api/v1/documents HTTP/1.1\r\nHost: x\r\n'], 5_000);
    expect(answer.closedAfterMs).not.toBeNull();
    expect(answer.closedAfterMs!).toBeLessThan(3_000);
  });

  it('keeps answering reads within their usual time while nested bodies arrive', { timeout: 60_000 }, async () => {
    const reads = ['/api/v1/documents?pageSize=20', '/api/v1/documents?issuer=攀枝花市人民政府&pageSize=5'].map(
      encodeURI,
    );
    const options = { clients: 4, durationMs: 2_500 };
    await readLatencies(port, reads, { clients: 2, durationMs: 500 }); // warm-up
    const before = percentile(await readLatencies(port, reads, options), 0.95);

    // The attack: the 8 MB nested login with its length, the same without one, and the same from an editor
    // to the route that takes the largest bodies; each in a loop, all at once, while the reads go on.
    const body = nestedLogin(4_000_000);
    let attacking = true;
    const sent: (number | 'cut')[] = [];
    const attacker = async (path: string, headers: Record<string, string>) => {
      while (attacking) sent.push((await post(port, path, body, headers)).status);
    };
    const attackers = [
      attacker('/api/v1/auth/login', {}),
      attacker('/api/v1/auth/login', { 'Transfer-Encoding': 'chunked' }),
      attacker('/api/v1/documents', { Authorization: `Bearer ${editor}` }),
    ];
    const during = percentile(await readLatencies(port, reads, options), 0.95);
    attacking = false;
    await Promise.all(attackers);

    expect(sent.length).toBeGreaterThan(3);
    expect(sent.every((s) => s === 400 || s === 413 || s === 'cut')).toBe(true);
    // A generous bound for a shared machine: the attack cost each read seconds before the limits.
    expect(during).toBeLessThan(Math.max(4 * before, before + 100));
  });

  // Last: indexing a body this long keeps the process busy for a while after the answer.
  it('accepts a document body of 2,000,000 characters from an editor', async () => {
    const res = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .send({ title: '长文', category: 'policy', issuer: '攀枝花市人民政府', body: '政'.repeat(2_000_000) });
    expect(res.status).toBe(201);
    expect(res.body.body).toHaveLength(2_000_000);
  });
});
