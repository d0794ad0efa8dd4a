/**
 * The audit log is written by triggers, so that every write to an audited table is recorded whoever makes
 * it (a service, the command line, a maintenance statement) without the code that writes calling anything.
 * A table added later is audited by one line in its migration: `await queryRunner.query(auditTriggers(…))`;
 * docs/security.md lists the audited tables.
 */
export interface AuditedTable {
  table: string;
  /** The entity name the audit log and `GET /audit?entity=` use. */
  entity: string;
  /** Primary key columns; several are joined with `/` into the entity id. */
  key: string[];
  /** Which writes are recorded. */
  on: ('insert' | 'update' | 'delete')[];
  /** Recorded as changed, never with their values (password hashes). */
  hidden?: string[];
  /** Recorded by their size in bytes, not their text (a document's body). */
  sized?: string[];
  /** Not recorded: bookkeeping that changes with every write (versions, timestamps). */
  ignored?: string[];
}

const list = (names: string[] | undefined) => (names ?? []).join(',');
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** CREATE TRIGGER statements (one per kind of write: transition tables allow one event per trigger). */
export function auditTriggers(t: AuditedTable): string {
  const args = [t.entity, list(t.key), list(t.hidden), list(t.sized), list(t.ignored)].map(literal).join(', ');
  return t.on
    .map((op) => {
      const rows =
        op === 'delete'
          ? 'OLD TABLE AS old_rows'
          : op === 'insert'
            ? 'NEW TABLE AS new_rows'
            : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
      return `CREATE TRIGGER trg_${t.table}_audit_${op} AFTER ${op.toUpperCase()} ON ${t.table}
        REFERENCING ${rows} FOR EACH STATEMENT EXECUTE FUNCTION audit_changes(${args});`;
    })
    .join('\n');
}

export function dropAuditTriggers(t: AuditedTable): string {
  return t.on.map((op) => `DROP TRIGGER IF EXISTS trg_${t.table}_audit_${op} ON ${t.table};`).join('\n');
}
