import pg from 'pg';
import { runCli } from '../../src/cli/run-cli.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.js';
import { TEST_REDIS_URL } from '../helpers/test-database.js';

interface Entry {
  actor: string | null;
  actorRole: string | null;
  source: string;
  clientAddress: string | null;
  requestId: string | null;
  entity: string;
  entityId: string | null;
  action: string;
  changes: Record<string, unknown>;
  note: string | null;
}

/** Every write has a name: who, when, from where, what changed; editors cannot make validity decisions. */
describe('the audit log', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  let legal: string;

  beforeAll(async () => {
    t = await createTestApp({ today: '2025-06-30' });
    admin = await t.tokenFor('admin');
    editor = await t.tokenFor('editor');
    legal = await t.tokenFor('legal');
  });
  afterAll(() => t.close());

  const audit = async (query: Record<string, string | number>) =>
    (await t.http.get('/api/v1/audit').query(query).set('Authorization', `Bearer ${admin}`).expect(200)).body as {
      total: number;
      items: Entry[];
    };
  const register = async (title: string) =>
    (
      await t.http
        .post('/api/v1/documents')
        .set('Authorization', `Bearer ${editor}`)
        .send({
          title,
          category: 'normative',
          issuer: '攀枝花市人民政府',
          publishedOn: '2024-03-01',
          validUntil: '2029-02-28',
        })
        .expect(201)
    ).body as { id: string };

  it('records a content edit with its editor, address, request id and the fields before and after', async () => {
    const doc = await register('关于加强城市管理的通知');
    await t.http
      .patch(`/api/v1/documents/${doc.id}`)
      .set('Authorization', `Bearer ${editor}`)
      .set('If-Match', '"1"')
      .set('X-Request-Id', 'edit-request-1')
      .send({ title: '关于进一步加强城市管理的通知', body: '正文'.repeat(50) })
      .expect(200);
    const { items } = await audit({ entity: 'document', entityId: doc.id });
    expect(items.map((e) => e.action)).toEqual(['update', 'insert']);
    expect(items[0]).toMatchObject({
      actor: 'editor-2',
      actorRole: 'editor',
      source: 'api',
      clientAddress: expect.stringMatching(/127\.0\.0\.1/),
      requestId: 'edit-request-1',
      changes: {
        title: { before: '关于加强城市管理的通知', after: '关于进一步加强城市管理的通知' },
        body: { before: 0, after: 300 },
      },
    });
    // An insert records the values created.
    expect(items[1].changes).toMatchObject({ title: '关于加强城市管理的通知', category: 'normative', body: 0 });
  });

  it('records validity actions, relations, users, password changes and logins, never a password hash', async () => {
    const doc = await register('关于某事项的决定');
    await t.http
      .post(`/api/v1/documents/${doc.id}/validity`)
      .set('Authorization', `Bearer ${legal}`)
      .set('If-Match', '"1"')
      .send({ action: 'repeal', effectiveOn: '2025-06-01', basisDocNumber: '攀府发〔2025〕9号' })
      .expect(201);
    const events = await audit({ entity: 'validity_event', actor: 'legal-3' });
    expect(events.items[0]).toMatchObject({
      action: 'insert',
      actorRole: 'legal',
      changes: { to_status: 'repealed' },
    });
    expect((await audit({ entity: 'relation', actor: 'legal-3' })).total).toBe(1);

    const created = await t.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'chen.jing', role: 'editor', password: TEST_PASSWORD })
      .expect(201);
    await t.http
      .patch(`/api/v1/users/${created.body.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ role: 'legal' })
      .expect(200);
    await t.http
      .post(`/api/v1/users/${created.body.id}/password`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ password: 'a-brand-new-passphrase' })
      .expect(204);
    const user = await audit({ entity: 'user', entityId: created.body.id });
    expect(user.items.map((e) => [e.action, e.actor, Object.keys(e.changes).sort().join(',')])).toEqual([
      ['update', 'admin-1', 'password_changed_at,password_hash'],
      ['update', 'admin-1', 'role'],
      ['insert', 'admin-1', 'id,password_changed_at,password_hash,role,username'],
    ]);
    expect(user.items[0].changes.password_hash).toEqual({ changed: true });
    expect(user.items[2].changes.password_hash).toBe('(hidden)');
    expect(JSON.stringify(user.items)).not.toContain('$argon2');

    await t.http.post('/api/v1/auth/login').send({ username: 'chen.jing', password: 'not-the-password' }).expect(401);
    await t.http
      .post('/api/v1/auth/login')
      .send({ username: 'chen.jing', password: 'a-brand-new-passphrase' })
      .expect(200);
    const logins = await audit({ actor: 'chen.jing' });
    expect(logins.items.map((e) => [e.action, e.note])).toEqual([
      ['login', null],
      ['login_failed', 'wrong_password'],
    ]);
  });

  it('records what the command line does under the operator, and a push started', async () => {
    const env = { DATABASE_URL: t.db.appUrl, REDIS_URL: TEST_REDIS_URL, JWT_SECRET: t.config.JWT_SECRET };
    const io = { out: () => undefined, err: () => undefined, readPassword: async () => 'typed-at-the-prompt-1' };
    expect(await runCli(['users:create', '--username', 'zhou.min', '--role', 'editor'], env, io)).toBe(0);
    const entries = (await audit({ entity: 'user' })).items.filter((e) => e.changes.username === 'zhou.min');
    expect(entries[0]).toMatchObject({ source: 'cli', actor: expect.stringContaining('(command line)') });

    await t.http.post('/api/v1/sync/province/runs').set('Authorization', `Bearer ${admin}`);
    expect((await audit({ entity: 'sync_run', actor: 'admin-1' })).total).toBe(1);
  });

  it('pages and filters by time, exports CSV with formulas neutralised, and is for admins only', async () => {
    // A login name is whatever the client typed: here, a spreadsheet formula.
    await t.http.post('/api/v1/auth/login').send({ username: '=HYPERLINK("http://x.example","点击")', password: 'x' });
    const today = await audit({ from: '2020-01-01', to: '2099-12-31', pageSize: 2, page: 1 });
    expect(today.items).toHaveLength(2);
    expect(today.total).toBeGreaterThan(10);
    expect((await audit({ to: '2000-01-01' })).total).toBe(0);
    await t.http.get('/api/v1/audit').query({ from: 'yesterday' }).set('Authorization', `Bearer ${admin}`).expect(400);

    const csv = await t.http
      .get('/api/v1/audit')
      .query({ format: 'csv', entity: 'user' })
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      '\uFEFFid,at,actor,actorRole,source,clientAddress,requestId,sessionId,entity,entityId,action,changes,note',
    );
    expect(csv.text).toContain(`,"'=HYPERLINK(""http://x.example"",""点击"")",`);
    expect(csv.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(csv.text).toContain('""password_hash"":{""changed"":true}');

    await t.http.get('/api/v1/audit').set('Authorization', `Bearer ${legal}`).expect(403);
    await t.http.get('/api/v1/audit').expect(401);
  });

  it('keeps the audit log append-only, even for the schema owner', async () => {
    const owner = new pg.Client({ connectionString: t.db.url });
    await owner.connect();
    try {
      await expect(owner.query(`UPDATE audit_log SET actor_name = 'x'`)).rejects.toThrow(/append-only/);
      await expect(owner.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      await expect(owner.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
  });

  it('refuses an editor moving validUntil into the past or recording a repeal, pointing to the legal office', async () => {
    const doc = await register('关于某项试行办法的通知');
    const past = await t.http
      .patch(`/api/v1/documents/${doc.id}`)
      .set('Authorization', `Bearer ${editor}`)
      .set('If-Match', '"1"')
      .send({ validUntil: '2025-01-31' })
      .expect(403);
    expect(past.body).toMatchObject({
      code: 'document.valid_until_in_past',
      detail: expect.stringContaining('法制机构'),
    });
    await t.http
      .patch(`/api/v1/documents/${doc.id}`)
      .set('Authorization', `Bearer ${editor}`)
      .set('If-Match', '"1"')
      .send({ validUntil: '2027-12-31' })
      .expect(200);
    for (const kind of ['repealed_by', 'replaced_by']) {
      const refused = await t.http
        .post(`/api/v1/documents/${doc.id}/relations`)
        .set('Authorization', `Bearer ${editor}`)
        .send({ kind, targetDocNumber: '攀府发〔2025〕1号', targetTitle: '新的办法' })
        .expect(403);
      expect(refused.body).toMatchObject({
        code: 'relation.repeal_needs_legal_office',
        detail: expect.stringContaining('法制机构'),
      });
    }
    await t.http
      .post(`/api/v1/documents/${doc.id}/relations`)
      .set('Authorization', `Bearer ${legal}`)
      .send({ kind: 'repealed_by', targetDocNumber: '攀府发〔2025〕1号', targetTitle: '新的办法' })
      .expect(201);
  });
});
