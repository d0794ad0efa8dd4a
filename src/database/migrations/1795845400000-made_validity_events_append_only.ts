import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Validity events are the legal record: the database itself refuses to change or delete one.
 * A wrong entry is corrected by a new `correction` event. TRUNCATE is refused too.
 */
export class MadeValidityEventsAppendOnly1795845400000 implements MigrationInterface {
  name = 'MadeValidityEventsAppendOnly1795845400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION refuse_validity_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'validity events are append-only: % refused; record a correction instead', TG_OP
          USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_validity_event_append_only
      BEFORE UPDATE OR DELETE ON validity_event
      FOR EACH ROW EXECUTE FUNCTION refuse_validity_event_change()`);
    await queryRunner.query(`
      CREATE TRIGGER trg_validity_event_no_truncate
      BEFORE TRUNCATE ON validity_event
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_validity_event_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_validity_event_no_truncate ON validity_event`);
    await queryRunner.query(`DROP TRIGGER trg_validity_event_append_only ON validity_event`);
    await queryRunner.query(`DROP FUNCTION refuse_validity_event_change()`);
  }
}
