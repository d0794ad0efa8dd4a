import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('platform endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports the database and Redis as ready', async () => {
    const res = await t.http.get('/api/v1/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('serves the OpenAPI description with the documents endpoints', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/documents', '/api/v1/documents/{id}', '/api/v1/auth/login', '/api/v1/health']),
    );
    // Every API controller is mounted under /api/v1 (a module missing from API_MODULES would be served at the root).
    expect(Object.keys(res.body.paths).filter((p) => !p.startsWith('/api/v1/'))).toEqual([]);
  });

  it('echoes a caller-supplied request id and makes one up otherwise', async () => {
    const given = await t.http.get('/api/v1/health').set('X-Request-Id', 'trace-123').expect(200);
    expect(given.headers['x-request-id']).toBe('trace-123');
    const made = await t.http.get('/api/v1/health').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the request id in problem documents', async () => {
    const res = await t.http.get('/api/v1/documents/nope').set('X-Request-Id', 'trace-456').expect(400);
    expect(res.body.instance).toBe('urn:request:trace-456');
  });

  it('answers an unknown route with a problem document', async () => {
    const res = await t.http.get('/api/v1/nowhere').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('answers a login with the wrong types with 400 naming the fields', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ username: 1 }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['password', 'username']);
  });

  it('issues a token that expires', async () => {
    await t.tokenFor('admin');
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ username: 'admin-1', password: 'correct-horse-battery' });
    expect(res.status).toBe(200);
    const ttl = Date.parse(res.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(7 * 3600_000);
    expect(ttl).toBeLessThanOrEqual(8 * 3600_000);
  });
});

describe('health when Redis is unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 1: the connection is refused at once.
    t = await createTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  afterAll(() => t.close());

  it('answers 503 and names Redis as down', async () => {
    const res = await t.http.get('/api/v1/health').expect(503);
    expect(res.body).toMatchObject({
      status: 'degraded',
      checks: { database: { status: 'up' }, redis: { status: 'down' } },
    });
    expect(res.body.checks.redis.error).toEqual(expect.any(String));
  });
});
