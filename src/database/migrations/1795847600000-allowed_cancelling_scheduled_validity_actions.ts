import { MigrationInterface, QueryRunner } from 'typeorm';

/** A scheduled validity action may be cancelled before its date (state `cancelled`). */
export class AllowedCancellingScheduledValidityActions1795847600000 implements MigrationInterface {
  name = 'AllowedCancellingScheduledValidityActions1795847600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "scheduled_validity_action" DROP CONSTRAINT "ck_scheduled_validity_action_state"`,
    );
    await queryRunner.query(
      `ALTER TABLE "scheduled_validity_action" ADD CONSTRAINT "ck_scheduled_validity_action_state"
       CHECK ("state" IN ('scheduled','applied','failed','cancelled'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "scheduled_validity_action" DROP CONSTRAINT "ck_scheduled_validity_action_state"`,
    );
    await queryRunner.query(
      `ALTER TABLE "scheduled_validity_action" ADD CONSTRAINT "ck_scheduled_validity_action_state"
       CHECK ("state" IN ('scheduled','applied','failed'))`,
    );
  }
}
