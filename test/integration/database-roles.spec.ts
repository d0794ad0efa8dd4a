import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runCli } from '../../src/cli/run-cli.js';
import { adminQuery, createTestDatabase, TEST_REDIS_URL, type TestDatabase, urlFor } from '../helpers/test-database.js';

/**
 * The application's database role reads and writes rows and nothing more: whatever it tries, validity events
 * and the audit log stay as they were written.
 */
describe('the application database role', () => {
  let db: TestDatabase;
  let app: pg.Client;
  let eventsBefore: unknown[];
  let auditBefore: unknown[];

  const snapshot = async () => {
    const owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    try {
      return [
        (await owner.query(`SELECT * FROM validity_event ORDER BY id`)).rows,
        (await owner.query(`SELECT * FROM audit_log ORDER BY id`)).rows,
      ];
    } finally {
      await owner.end();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    await owner.query(`
      WITH i AS (INSERT INTO issuer (name, code) VALUES ('攀枝花市人民政府', '攀府') RETURNING id),
           d AS (INSERT INTO document (title, category, issuer_id, status, version, checksum, source)
                 SELECT '某通知', 'policy', id, 'in_force', 1, 'c', 'api' FROM i RETURNING id)
      INSERT INTO validity_event (document_id, action, to_status, effective_on, actor_name)
      SELECT id, 'register', 'in_force', '2025-01-01', 'editor-1' FROM d`);
    await owner.end();
    [eventsBefore, auditBefore] = await snapshot();
    expect(eventsBefore).toHaveLength(1);
    expect(auditBefore.length).toBeGreaterThan(0);
    app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
  });
  afterAll(async () => {
    await app.end();
    await db.drop();
  });

  const attempts: [string, string][] = [
    ['UPDATE', `UPDATE validity_event SET to_status = 'repealed'`],
    ['DELETE', `DELETE FROM validity_event`],
    ['TRUNCATE', `TRUNCATE validity_event`],
    ['TRUNCATE … CASCADE', `TRUNCATE document CASCADE`],
    ['DELETE the document', `DELETE FROM document`],
    ['ALTER TABLE … DISABLE TRIGGER', `ALTER TABLE validity_event DISABLE TRIGGER trg_validity_event_append_only`],
    ['ALTER TABLE … DISABLE TRIGGER ALL', `ALTER TABLE validity_event DISABLE TRIGGER ALL`],
    ['session_replication_role', `SET session_replication_role = replica`],
    [
      'SET LOCAL session_replication_role',
      `BEGIN; SET LOCAL session_replication_role = replica; UPDATE validity_event SET reason = 'x'; COMMIT`,
    ],
    ['DROP TRIGGER', `DROP TRIGGER trg_validity_event_append_only ON validity_event`],
    ['DROP TABLE', `DROP TABLE validity_event`],
    ['ALTER TABLE … RENAME', `ALTER TABLE validity_event RENAME TO old_events`],
    [
      'a no-op trigger function',
      `CREATE OR REPLACE FUNCTION refuse_validity_event_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
    ],
    [
      'CREATE TRIGGER',
      `CREATE TRIGGER t BEFORE UPDATE ON validity_event FOR EACH ROW EXECUTE FUNCTION audit_changes()`,
    ],
    ['CREATE RULE', `CREATE RULE r AS ON UPDATE TO validity_event DO INSTEAD NOTHING`],
    ['a function in the schema', `CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'`],
    ['an updatable view', `CREATE TEMP VIEW v AS SELECT * FROM validity_event; UPDATE v SET reason = 'x'`],
    ['SET ROLE to the owner', `SET ROLE postgres`],
    ['ALTER ROLE … SUPERUSER', `ALTER ROLE CURRENT_USER SUPERUSER`],
    ['ALTER ROLE … BYPASSRLS', `ALTER ROLE CURRENT_USER BYPASSRLS`],
    ['COPY FROM PROGRAM', `COPY validity_event (reason) FROM PROGRAM 'true'`],
    ['UPDATE the audit log', `UPDATE audit_log SET actor_name = 'nobody'`],
    ['DELETE the audit log', `DELETE FROM audit_log`],
    ['TRUNCATE the audit log', `TRUNCATE audit_log`],
    ['DISABLE the audit triggers', `ALTER TABLE document DISABLE TRIGGER USER`],
    ['DROP the audit function', `DROP FUNCTION audit_changes() CASCADE`],
    ['rewrite the migrations record', `DELETE FROM schema_migration`],
  ];

  it.each(attempts)('refuses %s', async (_, sql) => {
    await expect(app.query(sql)).rejects.toThrow(
      /permission denied|must be owner|must be superuser|append-only|violates foreign key|only superuser/,
    );
    await app.query('ROLLBACK').catch(() => undefined);
  });

  it('left the events and the audit log exactly as they were', async () => {
    const [events, audit] = await snapshot();
    expect(events).toEqual(eventsBefore);
    expect(audit).toEqual(auditBefore);
  });

  it('still reads and writes rows, and may add events and audit entries', async () => {
    await app.query(`UPDATE document SET title = '某通知（修订）'`);
    await app.query(`INSERT INTO validity_event (document_id, action, to_status, effective_on, actor_name)
                     SELECT id, 'repeal', 'repealed', '2025-06-01', 'legal-1' FROM document`);
    const [{ n }] = (await app.query(`SELECT count(*)::int AS n FROM validity_event`)).rows;
    expect(n).toBe(2);
  });
});

describe('db:migrate', () => {
  let db: TestDatabase;
  const role = `policy_library_test_role_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${db.name} WITH (FORCE)`);
    await adminQuery(`DROP ROLE IF EXISTS ${role}`);
  });

  it('creates the application role of DATABASE_URL with rights to rows only, also on tables created later', async () => {
    db = await createTestDatabase();
    const appUrl = new URL(urlFor(db.name));
    appUrl.username = role;
    appUrl.password = 'app-role-password';
    const out: string[] = [];
    const env = { DATABASE_URL: appUrl.toString(), DATABASE_OWNER_URL: db.url, REDIS_URL: TEST_REDIS_URL };
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    expect(await runCli(['db:migrate'], env, io)).toBe(0);
    expect(out.join('\n')).toContain(`Created the application role ${role}: rows only, no DDL.`);
    expect(await runCli(['db:migrate'], env, io)).toBe(0);
    expect(out.at(-1)).toBe(`Granted the application role ${role}: rows only, no DDL.`);

    // A table a later migration (or a search rebuild) creates as the owner is readable and writable by the role.
    const owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    await owner.query(`CREATE TABLE later_table (id int PRIMARY KEY)`);
    const [{ super: isSuper, createrole }] = (
      await owner.query(`SELECT rolsuper AS super, rolcreaterole AS createrole FROM pg_roles WHERE rolname = $1`, [
        role,
      ])
    ).rows;
    await owner.end();
    expect({ isSuper, createrole }).toEqual({ isSuper: false, createrole: false });
    const app = new pg.Client({ connectionString: appUrl.toString() });
    await app.connect();
    try {
      await app.query(`INSERT INTO later_table VALUES (1)`);
      await expect(app.query(`ALTER TABLE later_table ADD COLUMN x int`)).rejects.toThrow(/must be owner/);
      await expect(app.query(`UPDATE validity_event SET reason = 'x'`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });
});
