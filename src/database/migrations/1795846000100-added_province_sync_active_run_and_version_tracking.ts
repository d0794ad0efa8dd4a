import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand: what TypeORM cannot express.
 * - `uq_province_sync_run_active`: at most one real run queued or running (a unique index over a constant).
 * - Triggers that copy `document.version` into `province_sync_state.current_version`, set-based (transition
 *   tables), in the transaction that changes the document, whoever changes it. The delta is then
 *   `ix_province_sync_state_due`, a partial index holding only the documents due for the push.
 */
export class AddedProvinceSyncActiveRunAndVersionTracking1795846000100 implements MigrationInterface {
  name = 'AddedProvinceSyncActiveRunAndVersionTracking1795846000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNIQUE INDEX "uq_province_sync_run_active" ON "province_sync_run" ((true))
      WHERE "state" IN ('queued', 'running') AND NOT "dry_run"
    `);
    await queryRunner.query(`
      CREATE FUNCTION province_sync_track_document_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO province_sync_state (document_id, current_version)
        SELECT id, version FROM changed_document
        ON CONFLICT (document_id) DO UPDATE SET current_version = EXCLUDED.current_version
        WHERE province_sync_state.current_version < EXCLUDED.current_version;
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER trg_document_inserted_province_sync AFTER INSERT ON document
      REFERENCING NEW TABLE AS changed_document
      FOR EACH STATEMENT EXECUTE FUNCTION province_sync_track_document_version()
    `);
    await queryRunner.query(`
      CREATE TRIGGER trg_document_updated_province_sync AFTER UPDATE ON document
      REFERENCING NEW TABLE AS changed_document
      FOR EACH STATEMENT EXECUTE FUNCTION province_sync_track_document_version()
    `);
    // Documents already in the library are all due.
    await queryRunner.query(`
      INSERT INTO province_sync_state (document_id, current_version) SELECT id, version FROM document
      ON CONFLICT (document_id) DO NOTHING
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_document_updated_province_sync ON document`);
    await queryRunner.query(`DROP TRIGGER trg_document_inserted_province_sync ON document`);
    await queryRunner.query(`DROP FUNCTION province_sync_track_document_version()`);
    await queryRunner.query(`DROP INDEX "uq_province_sync_run_active"`);
  }
}
