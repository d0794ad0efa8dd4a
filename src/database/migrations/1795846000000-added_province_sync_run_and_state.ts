import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddedProvinceSyncRunAndState1795846000000 implements MigrationInterface {
  name = 'AddedProvinceSyncRunAndState1795846000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "province_sync_run" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "state" text NOT NULL,
                "trigger" text NOT NULL,
                "dry_run" boolean NOT NULL DEFAULT false,
                "requested_by" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "started_at" TIMESTAMP WITH TIME ZONE,
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "heartbeat_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "sent" integer NOT NULL DEFAULT '0',
                "accepted" integer NOT NULL DEFAULT '0',
                "rejected" integer NOT NULL DEFAULT '0',
                "failed" integer NOT NULL DEFAULT '0',
                "errors" jsonb NOT NULL DEFAULT '[]',
                CONSTRAINT "ck_province_sync_run_trigger" CHECK ("trigger" IN ('schedule', 'manual', 'cli')),
                CONSTRAINT "ck_province_sync_run_state" CHECK (
                    "state" IN (
                        'queued',
                        'running',
                        'succeeded',
                        'partially_failed',
                        'failed'
                    )
                ),
                CONSTRAINT "pk_province_sync_run" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_province_sync_run_created_at" ON "province_sync_run" ("created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "province_sync_state" (
                "document_id" uuid NOT NULL,
                "current_version" integer NOT NULL,
                "accepted_version" integer,
                "accepted_checksum" text,
                "accepted_at" TIMESTAMP WITH TIME ZONE,
                "rejected_version" integer,
                "rejection_reason" text,
                "rejected_at" TIMESTAMP WITH TIME ZONE,
                "last_attempt_run_id" uuid,
                "last_attempt_at" TIMESTAMP WITH TIME ZONE,
                "last_error" text,
                CONSTRAINT "pk_province_sync_state" PRIMARY KEY ("document_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_province_sync_state_rejected" ON "province_sync_state" ("rejected_version")
            WHERE "rejected_version" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_province_sync_state_due" ON "province_sync_state" ("document_id")
            WHERE "current_version" > COALESCE("accepted_version", 0)
                AND "current_version" IS DISTINCT
            FROM "rejected_version"
        `);
    await queryRunner.query(`
            ALTER TABLE "province_sync_state"
            ADD CONSTRAINT "fk_province_sync_state_document" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "province_sync_state" DROP CONSTRAINT "fk_province_sync_state_document"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_province_sync_state_due"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_province_sync_state_rejected"
        `);
    await queryRunner.query(`
            DROP TABLE "province_sync_state"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_province_sync_run_created_at"
        `);
    await queryRunner.query(`
            DROP TABLE "province_sync_run"
        `);
  }
}
