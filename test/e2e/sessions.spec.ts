import { JwtService } from '@nestjs/jwt';
import pg from 'pg';
import { runCli } from '../../src/cli/run-cli.js';
import { eventually } from '../helpers/eventually.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.js';
import { TEST_REDIS_URL } from '../helpers/test-database.js';

/** Sessions that can be ended: logout, and account changes that end every token at once, on every server. */
describe('sessions', () => {
  let t: TestApp;
  let other: TestApp;
  let admin: string;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp();
    // A second API process on the same database, as behind a load balancer.
    other = await createTestApp({ db: t.db });
    admin = await t.tokenFor('admin');
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  const login = async (app: TestApp, username: string, password = TEST_PASSWORD) =>
    (await app.http.post('/api/v1/auth/login').send({ username, password }).expect(200)).body.accessToken as string;
  /** A new user of that role and a token of theirs. */
  const user = async (role: 'editor' | 'legal' | 'admin' = 'editor') => {
    const username = `staff-${++n}`;
    const res = await t.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username, role, password: TEST_PASSWORD })
      .expect(201);
    return { id: res.body.id as string, username, token: await login(t, username) };
  };
  /** A request only a signed-in editor may make: 401 once the session has ended. */
  const write = (app: TestApp, token: string) =>
    app.http.post('/api/v1/documents').set('Authorization', `Bearer ${token}`).send({});

  it('ends this token at logout, on every server; the user can log in again', async () => {
    const u = await user();
    await write(other, u.token).expect(400); // accepted (and cached) by the other server, refused as a bad body
    await t.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${u.token}`).expect(204);
    const refused = await write(t, u.token).expect(401);
    expect(refused.body).toMatchObject({ code: 'auth.session_ended', detail: expect.stringContaining('log in again') });
    await eventually(() => write(other, u.token).expect(401), { withinMs: 1_000 });
    await write(t, await login(t, u.username)).expect(400);
  });

  it('ends every session of a user who is disabled, demoted, re-passworded or deleted, at once', async () => {
    const disabled = await user();
    const demoted = await user('admin');
    const reset = await user();
    const deleted = await user('admin');
    for (const u of [disabled, demoted, reset]) await write(other, u.token).expect(400);

    const patch = (id: string, body: object) =>
      t.http.patch(`/api/v1/users/${id}`).set('Authorization', `Bearer ${admin}`).send(body);
    expect((await patch(disabled.id, { disabled: true }).expect(200)).body).toMatchObject({
      disabled: true,
      openSessions: 0,
    });
    await patch(demoted.id, { role: 'editor' }).expect(200);
    await t.http
      .post(`/api/v1/users/${reset.id}/password`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ password: 'a-new-long-passphrase' })
      .expect(204);
    const owner = new pg.Client({ connectionString: t.db.url });
    await owner.connect();
    await owner.query(`DELETE FROM app_user WHERE id = $1`, [deleted.id]);
    await owner.end();

    for (const u of [disabled, demoted, reset]) await write(t, u.token).expect(401);
    // The deleted admin's token no longer reads admin pages nor acts.
    await t.http.get('/api/v1/users').set('Authorization', `Bearer ${deleted.token}`).expect(401);
    for (const u of [disabled, demoted, reset])
      await eventually(() => write(other, u.token).expect(401), { withinMs: 1_000 });

    const refused = await t.http
      .post('/api/v1/auth/login')
      .send({ username: disabled.username, password: TEST_PASSWORD });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('auth.account_disabled');
    await patch(disabled.id, { disabled: false }).expect(200);
    await write(t, await login(t, disabled.username)).expect(400);
    // The demoted user logs in again with the new role.
    const asEditor = await login(t, demoted.username);
    await t.http.get('/api/v1/users').set('Authorization', `Bearer ${asEditor}`).expect(403);
    await login(t, reset.username, 'a-new-long-passphrase');
  });

  it('ends a session changed from the command line, in another process, on every server', async () => {
    const u = await user();
    await write(other, u.token).expect(400);
    const env = { DATABASE_URL: t.db.appUrl, REDIS_URL: TEST_REDIS_URL, JWT_SECRET: t.config.JWT_SECRET };
    const io = { out: () => undefined, err: () => undefined };
    expect(await runCli(['users:disable', '--username', u.username], env, io)).toBe(0);
    const started = Date.now();
    await eventually(() => write(other, u.token).expect(401), { withinMs: 1_000 });
    await eventually(() => write(t, u.token).expect(401), { withinMs: 1_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('changes one’s own password with the current one, ending the other sessions but not this one', async () => {
    const u = await user();
    const second = await login(t, u.username);
    const change = (body: object) =>
      t.http.post('/api/v1/auth/password').set('Authorization', `Bearer ${u.token}`).send(body);
    const wrong = await change({ currentPassword: 'not-my-password', newPassword: 'another-long-passphrase' }).expect(
      400,
    );
    expect(wrong.body.errors).toEqual([{ field: 'currentPassword', reason: 'is not your current password' }]);
    const blank = await change({ currentPassword: TEST_PASSWORD, newPassword: ' '.repeat(10) }).expect(400);
    expect(blank.body.errors).toEqual([{ field: 'newPassword', reason: 'must not be blank or only spaces' }]);
    await change({ currentPassword: TEST_PASSWORD, newPassword: 'another-long-passphrase' }).expect(204);
    await write(t, u.token).expect(400);
    await write(t, second).expect(401);
    await login(t, u.username, 'another-long-passphrase');
  });

  it('refuses a well-signed token that names no session (as issued before sessions existed)', async () => {
    const u = await user();
    const legacy = await t.app.get(JwtService).signAsync({ sub: u.id, username: u.username, role: 'editor' });
    expect((await write(t, legacy).expect(401)).body.code).toBe('auth.session_ended');
  });

  it('administers users: lists them, refuses a taken name, weak passwords and removing the last admin', async () => {
    const list = await t.http.get('/api/v1/users').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(list.body[0]).toEqual({
      id: expect.any(String),
      username: expect.any(String),
      role: expect.any(String),
      disabled: expect.any(Boolean),
      disabledAt: null,
      createdAt: expect.any(String),
      lastLoginAt: expect.any(String),
      passwordChangedAt: expect.any(String),
      openSessions: expect.any(Number),
      failedLogins: 0,
      lockedUntil: null,
    });
    const create = (body: object) => t.http.post('/api/v1/users').set('Authorization', `Bearer ${admin}`).send(body);
    await create({ username: 'admin-1', role: 'editor', password: TEST_PASSWORD }).expect(409);
    const role = await create({ username: 'wang.wu', role: 'mayor', password: TEST_PASSWORD }).expect(400);
    expect(role.body.errors).toEqual([{ field: 'role', reason: 'must be one of editor, legal, admin' }]);
    const weak = await create({ username: 'wang.wu', role: 'editor', password: 'Wang.Wu-2024' }).expect(400);
    expect(weak.body.errors).toEqual([{ field: 'password', reason: 'must not contain the username' }]);
    // Every other admin is already demoted or disabled above, or now: the last one cannot go.
    const admins = (await t.http.get('/api/v1/users').set('Authorization', `Bearer ${admin}`)).body.filter(
      (u: { role: string; disabled: boolean; username: string }) =>
        u.role === 'admin' && !u.disabled && u.username !== 'admin-1',
    );
    for (const a of admins)
      await t.http.patch(`/api/v1/users/${a.id}`).set('Authorization', `Bearer ${admin}`).send({ disabled: true });
    const me = list.body.find((u: { username: string }) => u.username === 'admin-1');
    const last = await t.http
      .patch(`/api/v1/users/${me.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ role: 'legal' })
      .expect(409);
    expect(last.body.code).toBe('user.last_admin');
    await t.http
      .get('/api/v1/users')
      .set('Authorization', `Bearer ${await t.tokenFor('legal')}`)
      .expect(403);
  });
});
