import pg from 'pg';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.js';

/** Brute force is slowed down, weak passwords refused, and the public never learns login names. */
describe('login throttling, password rules and public history', () => {
  let t: TestApp;
  let admin: string;
  let owner: pg.Client;

  beforeAll(async () => {
    t = await createTestApp({ today: '2025-06-30' });
    admin = await t.tokenFor('admin');
    owner = new pg.Client({ connectionString: t.db.url });
    await owner.connect();
  });
  afterAll(async () => {
    await owner.end();
    await t.close();
  });
  beforeEach(() => owner.query(`DELETE FROM login_throttle`));

  const login = (username: string, password: string) => t.http.post('/api/v1/auth/login').send({ username, password });
  const createUser = async (username: string, role = 'editor') =>
    (
      await t.http
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({ username, role, password: TEST_PASSWORD })
        .expect(201)
    ).body.id as string;

  it('after five wrong passwords refuses even the right one with 429 and Retry-After, until an admin lifts the lock', async () => {
    const id = await createUser('zhao.lei');
    for (let i = 0; i < 5; i++) expect((await login('zhao.lei', `wrong-guess-${i}`)).status).toBe(401);
    const refused = await login('zhao.lei', TEST_PASSWORD).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body).toMatchObject({ code: 'auth.too_many_attempts', retryAfterSeconds: expect.any(Number) });
    // The delay doubles with each further failure once the wait is over.
    await owner.query(`UPDATE login_throttle SET blocked_until = now() WHERE key = 'account:zhao.lei'`);
    expect((await login('zhao.lei', 'wrong-again')).status).toBe(401);
    const longer = await login('zhao.lei', TEST_PASSWORD).expect(429);
    expect(Number(longer.headers['retry-after'])).toBeGreaterThan(2);

    const users = await t.http.get('/api/v1/users').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(users.body.find((u: { id: string }) => u.id === id)).toMatchObject({
      failedLogins: 6,
      lockedUntil: expect.any(String),
    });
    await t.http.post(`/api/v1/users/${id}/unlock`).set('Authorization', `Bearer ${admin}`).expect(200);
    await login('zhao.lei', TEST_PASSWORD).expect(200);
    const failures = await owner.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'login_failed' AND actor_name = 'zhao.lei'`,
    );
    expect(failures.rows[0].n).toBe(6);
  });

  it('slows down one address guessing many accounts, and does not say which accounts exist', async () => {
    await createUser('sun.li');
    for (let i = 0; i < 20; i++) {
      const res = await login(`nobody-${i}`, 'guess-guess-guess');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('auth.invalid_credentials');
    }
    const refused = await login('sun.li', TEST_PASSWORD).expect(429);
    expect(refused.body.detail).toContain('from this address');
  });

  it('refuses blank, repeated, run-of, common and username-containing passwords, naming the rule', async () => {
    const reasons: Record<string, string> = {};
    for (const password of [
      ' '.repeat(10),
      'aaaaaaaaaa',
      'abababababab',
      'bcdefghijk',
      'password123',
      'Qwertyuiop!',
      'liu.yang-secret',
      'short',
    ]) {
      const res = await t.http
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({ username: 'liu.yang', role: 'editor', password })
        .expect(400);
      reasons[password] = res.body.errors.find((e: { field: string }) => e.field === 'password').reason;
    }
    expect(reasons).toEqual({
      [' '.repeat(10)]: 'must not be blank or only spaces',
      aaaaaaaaaa: 'must not be one character or a short group repeated',
      abababababab: 'must not be one character or a short group repeated',
      bcdefghijk: 'must not be a run of consecutive characters',
      password123: 'is too common: it is on the list of passwords that attackers try first',
      'Qwertyuiop!': 'is too common: it is on the list of passwords that attackers try first',
      'liu.yang-secret': 'must not contain the username',
      short: 'must be at least 10 characters',
    });
  });

  it('shows the public the acting office, never a login name; staff see the person', async () => {
    const editor = await t.tokenFor('editor');
    const legal = await t.tokenFor('legal');
    const doc = await t.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${editor}`)
      .send({
        title: '关于印发某办法的通知',
        category: 'policy',
        issuer: '攀枝花市人民政府',
        publishedOn: '2025-01-02',
      })
      .expect(201);
    await t.http
      .post(`/api/v1/documents/${doc.body.id}/validity`)
      .set('Authorization', `Bearer ${legal}`)
      .set('If-Match', '"1"')
      .send({ action: 'repeal', effectiveOn: '2025-06-01', basisDocNumber: '攀府发〔2025〕9号' })
      .expect(201);
    const publicly = await t.http.get(`/api/v1/documents/${doc.body.id}/history`).expect(200);
    expect(publicly.body.events.map((e: { actedBy: string }) => e.actedBy)).toEqual(['编辑', '法制机构']);
    expect(JSON.stringify(publicly.body)).not.toMatch(/editor-\d|legal-\d/);
    expect(publicly.body.events[0]).not.toHaveProperty('actor');
    expect(publicly.headers.vary).toContain('Authorization');
    const forStaff = await t.http
      .get(`/api/v1/documents/${doc.body.id}/history`)
      .set('Authorization', `Bearer ${legal}`)
      .expect(200);
    expect(forStaff.body.events.map((e: { actor: string; actedBy: string }) => [e.actedBy, e.actor])).toEqual([
      ['编辑', expect.stringMatching(/^editor-\d+$/)],
      ['法制机构', expect.stringMatching(/^legal-\d+$/)],
    ]);
  });
});
