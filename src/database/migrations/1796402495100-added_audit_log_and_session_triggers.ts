import type { MigrationInterface, QueryRunner } from 'typeorm';
import { type AuditedTable, auditTriggers, dropAuditTriggers } from '../../audit/audit-triggers.js';

/** Every audited table. Derived data (search index, outbox, validity spans, sync bookkeeping) is not audited. */
const AUDITED: AuditedTable[] = [
  {
    table: 'document',
    entity: 'document',
    key: ['id'],
    on: ['insert', 'update', 'delete'],
    sized: ['body'],
    ignored: ['version', 'updated_at', 'created_at'],
  },
  { table: 'issuer', entity: 'issuer', key: ['id'], on: ['insert', 'update', 'delete'], ignored: ['created_at'] },
  { table: 'validity_event', entity: 'validity_event', key: ['id'], on: ['insert'], ignored: ['recorded_at'] },
  {
    table: 'scheduled_validity_action',
    entity: 'scheduled_validity_action',
    key: ['id'],
    on: ['insert', 'update', 'delete'],
    ignored: ['created_at'],
  },
  {
    table: 'document_relation',
    entity: 'relation',
    key: ['id'],
    on: ['insert', 'update', 'delete'],
    ignored: ['created_at'],
  },
  {
    table: 'cleanup_campaign',
    entity: 'cleanup',
    key: ['id'],
    on: ['insert', 'update', 'delete'],
    ignored: ['created_at'],
  },
  {
    table: 'cleanup_item',
    entity: 'cleanup_decision',
    key: ['campaign_id', 'document_id'],
    on: ['insert', 'update', 'delete'],
  },
  {
    table: 'app_user',
    entity: 'user',
    key: ['id'],
    on: ['insert', 'update', 'delete'],
    hidden: ['password_hash'],
    ignored: ['created_at', 'last_login_at'],
  },
  // A session's start is recorded as the login itself (explicitly, with its outcome); its end here.
  { table: 'user_session', entity: 'session', key: ['id'], on: ['update'] },
  // Runs started (by the schedule, an admin or the command line); their progress is the run's own record.
  { table: 'province_sync_run', entity: 'sync_run', key: ['id'], on: ['insert'] },
];

/**
 * The audit log: who (actor, role, session), when, from where (client address, request id) and what (entity,
 * id, action, the fields changed with their values before and after) for every write to the tables below.
 * Triggers write it, reading the actor from the transaction-local setting `policy_library.audit_context`
 * that the application sets at the start of each transaction of a request or command (database/audit-context.ts).
 * Append-only like the validity events. Also: an account change ends the account's sessions (in the same
 * transaction, whoever makes it), a session's end is announced on the channel the API processes listen on, and
 * validity events and scheduled actions keep the role their actor acted in.
 */
export class AddedAuditLogAndSessionTriggers1796402495100 implements MigrationInterface {
  name = 'AddedAuditLogAndSessionTriggers1796402495100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Validity events record the acting role, so public answers can name the office and not the person.
    await queryRunner.query(`
      CREATE FUNCTION fill_actor_role() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.actor_role IS NULL AND NEW.actor_id IS NOT NULL THEN
          NEW.actor_role := (SELECT role FROM app_user WHERE id = NEW.actor_id);
        END IF;
        RETURN NEW;
      END
      $$`);
    for (const table of ['validity_event', 'scheduled_validity_action']) {
      await queryRunner.query(`
        CREATE TRIGGER trg_${table}_actor_role BEFORE INSERT ON ${table}
        FOR EACH ROW EXECUTE FUNCTION fill_actor_role()`);
    }
    await queryRunner.query(
      `UPDATE scheduled_validity_action s SET actor_role = u.role FROM app_user u WHERE u.id = s.actor_id`,
    );
    // The one change ever made to past events: adding the role they were recorded under, by the owner, here.
    await queryRunner.query(`ALTER TABLE validity_event DISABLE TRIGGER trg_validity_event_append_only`);
    await queryRunner.query(`UPDATE validity_event e SET actor_role = u.role FROM app_user u WHERE u.id = e.actor_id`);
    await queryRunner.query(`ALTER TABLE validity_event ENABLE TRIGGER trg_validity_event_append_only`);

    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_audit_log PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_name text,
        actor_role text,
        source text NOT NULL,
        client_address text,
        request_id text,
        session_id uuid,
        entity text NOT NULL,
        entity_id text,
        action text NOT NULL,
        changes jsonb NOT NULL DEFAULT '{}'::jsonb,
        note text
      )`);
    await queryRunner.query(`CREATE INDEX ix_audit_log_at ON audit_log (at, id)`);
    await queryRunner.query(`CREATE INDEX ix_audit_log_entity ON audit_log (entity, entity_id, id)`);
    await queryRunner.query(`CREATE INDEX ix_audit_log_actor ON audit_log (actor_name, id)`);
    await queryRunner.query(`
      CREATE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);
    await queryRunner.query(`
      CREATE TRIGGER trg_audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`);

    // Who is acting: set by the application at the start of each transaction; empty for the library's own work.
    await queryRunner.query(`
      CREATE FUNCTION audit_context() RETURNS jsonb LANGUAGE sql STABLE AS $$
        SELECT coalesce(nullif(current_setting('policy_library.audit_context', true), ''), '{}')::jsonb
      $$`);
    // The fields that differ between two versions of a row (same columns), {field: {before, after}};
    // hidden ones only say they changed.
    await queryRunner.query(`
      CREATE FUNCTION audit_diff(before jsonb, after jsonb, hidden text[]) RETURNS jsonb
      LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(jsonb_object_agg(n.key, CASE WHEN n.key = ANY(hidden) THEN '{"changed": true}'::jsonb
                 ELSE jsonb_build_object('before', o.value, 'after', n.value) END), '{}'::jsonb)
        FROM jsonb_each(after) n JOIN jsonb_each(before) o ON o.key = n.key
        WHERE o.value IS DISTINCT FROM n.value
      $$`);
    // Arguments: entity name, key columns, hidden columns, sized columns, ignored columns (comma-separated).
    // An insert records the values created and a delete those removed, {field: value} (nulls left out); an
    // update the fields that changed, {field: {before, after}}. Earlier values stay recoverable: the current
    // row and the updates recorded since give every earlier version.
    await queryRunner.query(`
      CREATE FUNCTION audit_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        entity text := TG_ARGV[0];
        keys text[] := string_to_array(TG_ARGV[1], ',');
        hidden text[] := string_to_array(TG_ARGV[2], ',');
        sized text[] := string_to_array(TG_ARGV[3], ',');
        ignored text[] := string_to_array(TG_ARGV[4], ',');
        ctx jsonb := audit_context();
        hidden_values jsonb;
        cols text;
        key_expr text;
        old_rows_sql text;
        new_rows_sql text;
      BEGIN
        SELECT string_agg(CASE
                 WHEN a.attname = ANY(sized) THEN format('octet_length(%1$I) AS %1$I', a.attname)
                 WHEN a.attname = ANY(hidden) THEN format('md5(%1$I::text) AS %1$I', a.attname)
                 ELSE format('%I', a.attname) END, ', ' ORDER BY a.attnum)
          INTO cols
          FROM pg_attribute a
         WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped AND NOT a.attname = ANY(ignored);
        SELECT string_agg(format('x.%I::text', k), ' || ''/'' || ') INTO key_expr FROM unnest(keys) k;
        SELECT coalesce(jsonb_object_agg(h, '"(hidden)"'::jsonb), '{}'::jsonb) INTO hidden_values FROM unnest(hidden) h;
        old_rows_sql := format('SELECT %s AS k, to_jsonb(x) AS j FROM (SELECT %s FROM old_rows) x', key_expr, cols);
        new_rows_sql := format('SELECT %s AS k, to_jsonb(x) AS j FROM (SELECT %s FROM new_rows) x', key_expr, cols);
        EXECUTE format($sql$
          INSERT INTO audit_log (actor_id, actor_name, actor_role, source, client_address, request_id, session_id,
                                 entity, entity_id, action, changes)
          SELECT ($1->>'actorId')::uuid, $1->>'actorName', $1->>'actorRole', coalesce($1->>'source', 'system'),
                 $1->>'clientAddress', $1->>'requestId', ($1->>'sessionId')::uuid, $2, c.k, $3, c.d
          FROM (%s) c
          WHERE c.d <> '{}'::jsonb
        $sql$, CASE TG_OP
          WHEN 'INSERT' THEN format('SELECT n.k, (jsonb_strip_nulls(n.j) - $4) || $5 AS d FROM (%s) n', new_rows_sql)
          WHEN 'DELETE' THEN format('SELECT o.k, (jsonb_strip_nulls(o.j) - $4) || $5 AS d FROM (%s) o', old_rows_sql)
          ELSE format('SELECT n.k, audit_diff(o.j, n.j, $4) AS d FROM (%s) o JOIN (%s) n ON n.k = o.k', old_rows_sql, new_rows_sql)
        END)
        USING ctx, entity, lower(TG_OP), hidden, hidden_values;
        RETURN NULL;
      END
      $$`);
    for (const t of AUDITED) await queryRunner.query(auditTriggers(t));

    // Disabling an account, changing its role or its password ends its sessions in the same transaction, whoever
    // makes the change. A user changing their own password keeps the session they changed it from.
    await queryRunner.query(`
      CREATE FUNCTION end_sessions_on_account_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ctx jsonb := audit_context();
        reason text;
        keep uuid;
      BEGIN
        IF NEW.disabled_at IS NOT NULL AND OLD.disabled_at IS NULL THEN
          reason := 'disabled';
        ELSIF NEW.role IS DISTINCT FROM OLD.role THEN
          reason := 'role_changed';
        ELSIF NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN
          IF ctx->>'actorId' = NEW.id::text THEN
            reason := 'password_changed';
            keep := (ctx->>'sessionId')::uuid;
          ELSE
            reason := 'password_reset';
          END IF;
        ELSE
          RETURN NULL;
        END IF;
        UPDATE user_session SET ended_at = now(), ended_reason = reason
         WHERE user_id = NEW.id AND ended_at IS NULL AND id IS DISTINCT FROM keep;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_app_user_ends_sessions AFTER UPDATE OF role, password_hash, disabled_at ON app_user
      FOR EACH ROW EXECUTE FUNCTION end_sessions_on_account_change()`);
    // API processes cache open sessions; a session that ends (or goes with its user) is announced at commit.
    await queryRunner.query(`
      CREATE FUNCTION announce_session_end() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('policy_library_session_ended', OLD.user_id::text);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_user_session_announce_end AFTER UPDATE OR DELETE ON user_session
      FOR EACH ROW EXECUTE FUNCTION announce_session_end()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_user_session_announce_end ON user_session`);
    await queryRunner.query(`DROP FUNCTION announce_session_end()`);
    await queryRunner.query(`DROP TRIGGER trg_app_user_ends_sessions ON app_user`);
    await queryRunner.query(`DROP FUNCTION end_sessions_on_account_change()`);
    for (const t of AUDITED) await queryRunner.query(dropAuditTriggers(t));
    await queryRunner.query(`DROP FUNCTION audit_changes()`);
    await queryRunner.query(`DROP FUNCTION audit_diff(jsonb, jsonb, text[])`);
    await queryRunner.query(`DROP FUNCTION audit_context()`);
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP FUNCTION refuse_append_only_change()`);
    for (const table of ['validity_event', 'scheduled_validity_action']) {
      await queryRunner.query(`DROP TRIGGER trg_${table}_actor_role ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION fill_actor_role()`);
  }
}
