import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddedDocumentChangeOutbox1795845120881 implements MigrationInterface {
  name = 'AddedDocumentChangeOutbox1795845120881';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "document_change" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "document_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "processed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "pk_document_change" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_document_change_unprocessed" ON "document_change" ("id")
            WHERE "processed_at" IS NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ix_document_change_unprocessed"
        `);
    await queryRunner.query(`
            DROP TABLE "document_change"
        `);
  }
}
