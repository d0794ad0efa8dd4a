import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddedValidityScheduleRelationsAndCleanups1795845344474 implements MigrationInterface {
  name = 'AddedValidityScheduleRelationsAndCleanups1795845344474';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "cleanup_campaign" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "title" text NOT NULL,
                "category" text,
                "issuer" text,
                "issued_from" date,
                "issued_to" date,
                "state" text NOT NULL DEFAULT 'open',
                "decision_document_id" uuid,
                "decision_doc_number" text,
                "effective_on" date,
                "created_by" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "finalized_by" text,
                "finalized_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_cleanup_campaign_category" CHECK (
                    "category" IS NULL
                    OR "category" IN ('regulation', 'normative', 'policy')
                ),
                CONSTRAINT "ck_cleanup_campaign_state" CHECK ("state" IN ('open', 'finalized')),
                CONSTRAINT "pk_cleanup_campaign" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "cleanup_item" (
                "campaign_id" uuid NOT NULL,
                "document_id" uuid NOT NULL,
                "decision" text,
                "reason" text,
                "decided_by" text,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_cleanup_item_decision" CHECK (
                    "decision" IS NULL
                    OR "decision" IN ('continue', 'amend', 'repeal', 'declare_invalid')
                ),
                CONSTRAINT "pk_cleanup_item" PRIMARY KEY ("campaign_id", "document_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cleanup_item_document" ON "cleanup_item" ("document_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "document_relation" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "document_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "target_document_id" uuid,
                "target_doc_number" text,
                "target_title" text,
                "form" text,
                "url" text,
                "published_on" date,
                "actor_name" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_document_relation_form" CHECK (
                    "form" IS NULL
                    OR "form" IN ('文字', '图解', '视频', '问答')
                ),
                CONSTRAINT "ck_document_relation_target" CHECK (
                    "target_document_id" IS NOT NULL
                    OR "target_doc_number" IS NOT NULL
                    OR "target_title" IS NOT NULL
                ),
                CONSTRAINT "ck_document_relation_kind" CHECK (
                    "kind" IN (
                        'repeals',
                        'repealed_by',
                        'amends',
                        'amended_by',
                        'replaces',
                        'replaced_by',
                        'based_on',
                        'basis_of',
                        'interprets',
                        'interpreted_by'
                    )
                ),
                CONSTRAINT "pk_document_relation" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_document_relation_library" ON "document_relation" ("document_id", "kind", "target_document_id")
            WHERE "target_document_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_document_relation_target" ON "document_relation" ("target_document_id")
            WHERE "target_document_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_document_relation_document" ON "document_relation" ("document_id", "kind")
        `);
    await queryRunner.query(`
            CREATE TABLE "scheduled_validity_action" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "document_id" uuid NOT NULL,
                "action" text NOT NULL,
                "effective_on" date NOT NULL,
                "reason" text,
                "reason_code" text,
                "basis_document_id" uuid,
                "basis_doc_number" text,
                "provisions" text array,
                "actor_id" uuid,
                "actor_name" text NOT NULL,
                "state" text NOT NULL DEFAULT 'scheduled',
                "event_id" bigint,
                "failure" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "settled_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_scheduled_validity_action_action" CHECK (
                    "action" IN (
                        'mark_in_force',
                        'repeal',
                        'expire',
                        'partially_invalidate'
                    )
                ),
                CONSTRAINT "ck_scheduled_validity_action_state" CHECK ("state" IN ('scheduled', 'applied', 'failed')),
                CONSTRAINT "pk_scheduled_validity_action" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_scheduled_validity_action_document" ON "scheduled_validity_action" ("document_id", "effective_on")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_scheduled_validity_action_due" ON "scheduled_validity_action" ("effective_on")
            WHERE "state" = 'scheduled'
        `);
    await queryRunner.query(`
            ALTER TABLE "validity_event"
            ADD "reason_code" text
        `);
    await queryRunner.query(`
            ALTER TABLE "validity_event"
            ADD "corrects_event_id" bigint
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_validity_event_corrects" ON "validity_event" ("corrects_event_id")
            WHERE "corrects_event_id" IS NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "cleanup_item"
            ADD CONSTRAINT "fk_cleanup_item_campaign" FOREIGN KEY ("campaign_id") REFERENCES "cleanup_campaign"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cleanup_item"
            ADD CONSTRAINT "fk_cleanup_item_document" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "document_relation"
            ADD CONSTRAINT "fk_document_relation_document" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "document_relation"
            ADD CONSTRAINT "fk_document_relation_target" FOREIGN KEY ("target_document_id") REFERENCES "document"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "scheduled_validity_action"
            ADD CONSTRAINT "fk_scheduled_validity_action_document" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "scheduled_validity_action" DROP CONSTRAINT "fk_scheduled_validity_action_document"
        `);
    await queryRunner.query(`
            ALTER TABLE "document_relation" DROP CONSTRAINT "fk_document_relation_target"
        `);
    await queryRunner.query(`
            ALTER TABLE "document_relation" DROP CONSTRAINT "fk_document_relation_document"
        `);
    await queryRunner.query(`
            ALTER TABLE "cleanup_item" DROP CONSTRAINT "fk_cleanup_item_document"
        `);
    await queryRunner.query(`
            ALTER TABLE "cleanup_item" DROP CONSTRAINT "fk_cleanup_item_campaign"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_validity_event_corrects"
        `);
    await queryRunner.query(`
            ALTER TABLE "validity_event" DROP COLUMN "corrects_event_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "validity_event" DROP COLUMN "reason_code"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_scheduled_validity_action_due"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_scheduled_validity_action_document"
        `);
    await queryRunner.query(`
            DROP TABLE "scheduled_validity_action"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_document_relation_document"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_document_relation_target"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_document_relation_library"
        `);
    await queryRunner.query(`
            DROP TABLE "document_relation"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cleanup_item_document"
        `);
    await queryRunner.query(`
            DROP TABLE "cleanup_item"
        `);
    await queryRunner.query(`
            DROP TABLE "cleanup_campaign"
        `);
  }
}
