import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../helpers/test-database.js';
import pg from 'pg';

describe('the command line', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      JWT_SECRET: 'cli-test-secret-cli-test-secret-123',
      LOG_LEVEL: 'silent',
    };
    dir = await mkdtemp(join(tmpdir(), 'policy-cli-'));
  });
  afterAll(() => db.drop());

  const run = async (argv: string[], environment: Record<string, string | undefined> = env, typed?: string) => {
    const out: string[] = [];
    const err: string[] = [];
    const readPassword = typed === undefined ? undefined : async () => typed;
    const code = await runCli(argv, environment, { out: (l) => out.push(l), err: (l) => err.push(l), readPassword });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const count = async (sql: string) => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows[0].n as number;
    } finally {
      await client.end();
    }
  };

  it('says the database is up to date when every migration is applied', async () => {
    const res = await run(['db:migrate']);
    expect(res).toMatchObject({ code: 0, out: 'The database is up to date.' });
  });

  it('stops on bad configuration naming the variable, never its value', async () => {
    const res = await run(['export', 'x.jsonl'], { ...env, REDIS_URL: 'ftp://hunter2@example' });
    expect(res.code).toBe(78);
    expect(res.err).toContain('REDIS_URL');
    expect(res.err).not.toContain('hunter2');
  });

  it('explains its usage for an unknown command or option', async () => {
    expect((await run(['frobnicate'])).code).toBe(64);
    const res = await run(['import', '--bogus']);
    expect(res.code).toBe(64);
    expect(res.err).toContain('Usage: npm run cli');
  });

  it('creates users with a role, the password typed at a prompt or piped in, never required on the command line', async () => {
    const made = await run(['users:create', '--username', 'li.hua', '--role', 'legal'], env, 'typed-passphrase-1');
    expect(made).toMatchObject({ code: 0, out: 'Created user li.hua with role legal.' });
    const generated = await run(['users:create', '--username', 'he.ping', '--role', 'editor', '--generate-password']);
    expect(generated.out).toMatch(/Created user he\.ping with role editor\.\nPassword: \S{20}/);
    const explicit = await run([
      'users:create',
      '--username',
      'wang',
      '--role',
      'mayor',
      '--password',
      'long-enough-pw',
    ]);
    expect(explicit.code).toBe(64);
    expect(explicit.err).toContain('warning: a password on the command line can be read by other users');
    expect(explicit.err).toContain('--role must be one of editor, legal, admin');
    const spaces = await run(['users:create', '--username', 'wang', '--role', 'editor'], env, ' '.repeat(10));
    expect(spaces.code).toBe(64);
    expect(spaces.err).toContain('--password must not be blank or only spaces');
    const none = await run(['users:create', '--username', 'wang', '--role', 'editor']);
    expect(none.code).toBe(64);
    expect(await count(`SELECT count(*)::int AS n FROM app_user`)).toBe(2);
  });

  it('disables, re-roles, re-passwords and unlocks users, saying what ended', async () => {
    expect(await run(['users:disable', '--username', 'li.hua'])).toMatchObject({
      code: 0,
      out: 'Disabled li.hua; every session of the account has ended.',
    });
    expect((await run(['users:set-role', '--username', 'li.hua', '--role', 'admin'])).out).toBe(
      'li.hua is now admin; every session of the account has ended.',
    );
    expect((await run(['users:reset-password', '--username', 'li.hua'], env, 'aaaaaaaaaaaa')).err).toContain(
      '--password must not be one character or a short group repeated',
    );
    expect((await run(['users:reset-password', '--username', 'li.hua'], env, 'another-typed-passphrase')).code).toBe(0);
    expect((await run(['users:unlock', '--username', 'li.hua'])).code).toBe(0);
    expect((await run(['users:enable', '--username', 'nobody'])).err).toContain('No user named nobody.');
    expect(
      await count(`SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND disabled_at IS NOT NULL`),
    ).toBe(1);
  });

  it('imports a file, reporting bad lines, exports it, and re-imports the export without change', async () => {
    const file = join(dir, 'in.jsonl');
    await writeFile(
      file,
      [
        JSON.stringify({
          title: '关于印发《攀枝花市城市管理办法》的通知',
          docNumber: '攀府规〔2021〕4号',
          category: 'normative',
          issuer: '攀枝花市人民政府',
        }),
        JSON.stringify({ title: '缺少类别', issuer: '攀枝花市人民政府' }),
      ].join('\n'),
    );
    const first = await run(['import', file]);
    expect(first.code).toBe(2);
    expect(first.out).toMatch(/1 new, 0 updated, 0 unchanged, 1 bad/);
    expect(first.err).toContain('line 2: category must be one of regulation, normative, policy');

    const exported = join(dir, 'out.jsonl');
    expect(await run(['export', exported])).toMatchObject({ code: 0, out: `Exported 1 documents to ${exported}.` });
    const line = JSON.parse((await readFile(exported, 'utf8')).trim());
    expect(line).toMatchObject({ docNumber: '攀府规〔2021〕4号', status: 'unmarked', version: 1 });

    const again = await run(['import', exported]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/0 new, 0 updated, 1 unchanged, 0 bad/);
    expect(await count(`SELECT count(*)::int AS n FROM document`)).toBe(1);
  });

  it('seeds a sample catalogue once, with demo users', async () => {
    const seeded = await run(['demo:seed', '--count', '40']);
    expect(seeded.code).toBe(0);
    expect(seeded.out).toContain('The catalogue already holds 1 documents');
    expect(seeded.out).toMatch(/Created user demo-editor \(editor\), password \S+/);
  });
});

describe('seeding an empty library', () => {
  let db: TestDatabase;
  afterAll(() => db.drop());

  it('registers the sample documents with statuses from their dates, and seeds nothing twice', async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, JWT_SECRET: 'cli-test-secret-cli-test-secret-123' };
    const io = { out: () => undefined, err: () => undefined };
    expect(await runCli(['demo:seed', '--count', '60'], env, io)).toBe(0);
    expect(await runCli(['demo:seed', '--count', '60'], env, io)).toBe(0);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT status, count(*)::int AS n FROM document GROUP BY status ORDER BY status`,
    );
    const users = await client.query(`SELECT username FROM app_user ORDER BY username`);
    await client.end();
    const total = rows.reduce((s, r) => s + r.n, 0);
    expect(total).toBe(63);
    expect(rows.map((r) => r.status)).toEqual(expect.arrayContaining(['in_force', 'expired']));
    expect(users.rows.map((r) => r.username)).toEqual(['demo-admin', 'demo-editor', 'demo-legal']);
  });
});
