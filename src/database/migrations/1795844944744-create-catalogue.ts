import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCatalogue1795844944744 implements MigrationInterface {
  name = 'CreateCatalogue1795844944744';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" text NOT NULL, "password_hash" text NOT NULL, "role" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_app_user_role" CHECK ("role" IN ('editor','legal','admin')), CONSTRAINT "pk_app_user" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_app_user_username" ON "app_user"  ("username") `);
    await queryRunner.query(
      `CREATE TABLE "issuer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "code" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_issuer" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_issuer_name" ON "issuer"  ("name") `);
    await queryRunner.query(
      `CREATE TABLE "document" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "doc_number" text, "category" text NOT NULL, "issuer_id" uuid NOT NULL, "co_issuers" text array NOT NULL DEFAULT '{}', "index_no" text, "registration_no" text, "topic" text, "keywords" text array NOT NULL DEFAULT '{}', "signed_on" date, "published_on" date, "effective_from" date, "valid_until" date, "summary" text, "body" text NOT NULL DEFAULT '', "status" text NOT NULL, "version" integer NOT NULL DEFAULT '1', "checksum" text NOT NULL, "source" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_document_valid_after_effective" CHECK ("valid_until" IS NULL OR "effective_from" IS NULL OR "effective_from" <= "valid_until"), CONSTRAINT "ck_document_signed_before_published" CHECK ("signed_on" IS NULL OR "published_on" IS NULL OR "signed_on" <= "published_on"), CONSTRAINT "ck_document_source" CHECK ("source" IN ('api','import')), CONSTRAINT "ck_document_status" CHECK ("status" IN ('unmarked','pending','in_force','partially_in_force','expired','repealed')), CONSTRAINT "ck_document_category" CHECK ("category" IN ('regulation','normative','policy')), CONSTRAINT "pk_document" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_document_valid_until" ON "document"  ("valid_until") WHERE "valid_until" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "ix_document_updated_at" ON "document"  ("updated_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_document_category_published_on" ON "document"  ("category", "published_on") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_document_status" ON "document"  ("status") `);
    await queryRunner.query(`CREATE INDEX "ix_document_issuer_title" ON "document"  ("issuer_id", "title") `);
    await queryRunner.query(`CREATE INDEX "ix_document_published_on" ON "document"  ("published_on") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_document_issuer_doc_number" ON "document"  ("issuer_id", "doc_number") WHERE "doc_number" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "validity_event" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "document_id" uuid NOT NULL, "action" text NOT NULL, "from_status" text, "to_status" text NOT NULL, "effective_on" date NOT NULL, "reason" text, "basis_document_id" uuid, "basis_doc_number" text, "provisions" text array, "actor_id" uuid, "actor_name" text NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_validity_event_to_status" CHECK ("to_status" IN ('unmarked','pending','in_force','partially_in_force','expired','repealed')), CONSTRAINT "pk_validity_event" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_validity_event_document" ON "validity_event"  ("document_id", "effective_on", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "document" ADD CONSTRAINT "fk_document_issuer" FOREIGN KEY ("issuer_id") REFERENCES "issuer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "validity_event" ADD CONSTRAINT "fk_validity_event_document" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "validity_event" DROP CONSTRAINT "fk_validity_event_document"`);
    await queryRunner.query(`ALTER TABLE "document" DROP CONSTRAINT "fk_document_issuer"`);
    await queryRunner.query(`DROP INDEX "public"."ix_validity_event_document"`);
    await queryRunner.query(`DROP TABLE "validity_event"`);
    await queryRunner.query(`DROP INDEX "public"."uq_document_issuer_doc_number"`);
    await queryRunner.query(`DROP INDEX "public"."ix_document_published_on"`);
    await queryRunner.query(`DROP INDEX "public"."ix_document_issuer_title"`);
    await queryRunner.query(`DROP INDEX "public"."ix_document_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_document_category_published_on"`);
    await queryRunner.query(`DROP INDEX "public"."ix_document_updated_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_document_valid_until"`);
    await queryRunner.query(`DROP TABLE "document"`);
    await queryRunner.query(`DROP INDEX "public"."uq_issuer_name"`);
    await queryRunner.query(`DROP TABLE "issuer"`);
    await queryRunner.query(`DROP INDEX "public"."uq_app_user_username"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
  }
}
