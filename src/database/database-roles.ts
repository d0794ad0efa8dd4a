import type { DataSource } from 'typeorm';

/** Tables whose rows are never changed or removed: the application role may only read and add to them. */
export const APPEND_ONLY_TABLES = ['validity_event', 'audit_log'] as const;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

export interface ApplicationRole {
  name: string;
  created: boolean;
}

/**
 * Gives the role the application connects as (the user of DATABASE_URL) exactly what it needs, run by the
 * schema's owner after the migrations: it reads and writes rows of every table (and, through default
 * privileges, of every table the owner creates later, e.g. by a future migration or a search rebuild), only
 * reads and adds to the append-only tables, and can change no table, trigger or setting. The role is created,
 * with the password of DATABASE_URL, when it does not exist yet (the owner needs CREATEROLE for that);
 * an existing role keeps its password. Safe to run again: every statement is idempotent.
 */
export async function grantApplicationRole(owner: DataSource, applicationUrl: string): Promise<ApplicationRole> {
  const url = new URL(applicationUrl);
  const name = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (!name) throw new Error('DATABASE_URL names no user: the application role cannot be set up');
  const [{ ownerName, database }]: { ownerName: string; database: string }[] = await owner.query(
    `SELECT current_user AS "ownerName", current_database() AS database`,
  );
  if (name === ownerName) throw new Error(`DATABASE_URL and DATABASE_OWNER_URL name the same role (${name})`);

  let created = false;
  const [existing]: { super: boolean; createrole: boolean; bypassrls: boolean }[] = await owner.query(
    `SELECT rolsuper AS super, rolcreaterole AS createrole, rolbypassrls AS bypassrls FROM pg_roles WHERE rolname = $1`,
    [name],
  );
  if (!existing) {
    if (!password)
      throw new Error(`DATABASE_URL gives no password for the application role ${name}, which is to be created`);
    try {
      await owner.query(
        `CREATE ROLE ${ident(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT ` +
          `PASSWORD ${literal(password)}`,
      );
      created = true;
    } catch (e) {
      // Another process created it at the same moment.
      const code = (e as { driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;
      if (code !== '42710' && code !== '23505') throw e;
    }
  } else if (existing.super || existing.createrole || existing.bypassrls) {
    throw new Error(
      `the application role ${name} is a superuser or may create roles or bypass row security: ` +
        'give the application a role of its own (see docs/security.md)',
    );
  }

  const statements = [
    `GRANT CONNECT, TEMPORARY ON DATABASE ${ident(database)} TO ${ident(name)}`,
    `GRANT USAGE ON SCHEMA public TO ${ident(name)}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident(name)}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${ident(name)}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(ownerName)} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${ident(name)}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(ownerName)} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${ident(name)}`,
    `REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON ${APPEND_ONLY_TABLES.join(', ')} FROM ${ident(name)}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migration FROM ${ident(name)}`,
  ];
  for (const sql of statements) await owner.query(sql);
  // PostgreSQL 15 creates databases this way; one upgraded from an older version may still let anyone create here.
  await owner.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`).catch(() => undefined);
  return { name, created };
}
