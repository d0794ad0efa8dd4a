import { CONTENT_SECURITY_POLICY } from '../../src/common/security-headers.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** The policy as a browser reads it: directive → sources. */
const parseCsp = (header: string) =>
  Object.fromEntries(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );

const AGREED_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => t.close());

  it.each([
    ['a public read', '/api/v1/documents'],
    ['a refused request', '/api/v1/documents/not-a-uuid'],
    ['an unknown route', '/api/v1/nowhere'],
  ])('sends the content security policy and the browser protections on %s', async (_, path) => {
    const res = await t.http.get(path);
    expect(parseCsp(res.headers['content-security-policy'])).toEqual(parseCsp(AGREED_POLICY));
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
    // HSTS is the TLS proxy's to send (docs/security.md).
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('exports the policy the pages are written for', () => {
    expect(parseCsp(AGREED_POLICY)).toEqual(CONTENT_SECURITY_POLICY);
  });

  it('serves no API documentation in production unless API_DOCS=true', async () => {
    await t.http.get('/api/docs').expect(404);
    await t.http.get('/api/docs-json').expect(404);
  });

  describe('CORS', () => {
    const origin = 'https://news.example.org';

    it.each(['/api/v1/documents', '/api/v1/search?q=%E5%85%BB%E8%80%81', '/api/v1/reports/annual/2024'])(
      'lets a page of any site read the public GET %s',
      async (path) => {
        const res = await t.http.get(path).set('Origin', origin).expect(200);
        expect(res.headers['access-control-allow-origin']).toBe('*');
        expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      },
    );

    it('lets other sites read the problem a public read answers with', async () => {
      const res = await t.http.get('/api/v1/documents?pageSize=1000').set('Origin', origin).expect(400);
      expect(res.headers['access-control-allow-origin']).toBe('*');
    });

    it('gives staff reads and every write no CORS header', async () => {
      const legal = await t.tokenFor('legal');
      const staffRead = await t.http
        .get('/api/v1/validity/expiring')
        .set('Origin', origin)
        .set('Authorization', `Bearer ${legal}`)
        .expect(200);
      expect(staffRead.headers['access-control-allow-origin']).toBeUndefined();
      const login = await t.http
        .post('/api/v1/auth/login')
        .set('Origin', origin)
        .send({ username: 'x', password: 'y' });
      expect(login.status).toBe(401);
      expect(login.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers no preflight, so no other site can send a write with a token', async () => {
      const res = await t.http
        .options('/api/v1/documents')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-methods']).toBeUndefined();
    });
  });
});

describe('API documentation switch', () => {
  it('serves the OpenAPI description and Swagger UI when API_DOCS=true, with inline styles for Swagger UI only', async () => {
    const t = await createTestApp({ env: { NODE_ENV: 'production', API_DOCS: 'true' } });
    try {
      const json = await t.http.get('/api/docs-json').expect(200);
      expect(Object.keys(json.body.paths)).toContain('/api/v1/documents');
      const ui = await t.http.get('/api/docs').expect(200);
      expect(ui.text).toContain('swagger-ui');
      expect(parseCsp(ui.headers['content-security-policy'])['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
      expect(parseCsp(ui.headers['content-security-policy'])['script-src']).toEqual(["'self'"]);
    } finally {
      await t.close();
    }
  });

  it('serves it by default outside production', async () => {
    const t = await createTestApp({ env: { NODE_ENV: 'development' } });
    try {
      await t.http.get('/api/docs-json').expect(200);
    } finally {
      await t.close();
    }
  });
});
