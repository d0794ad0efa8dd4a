import { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexedDocNumbersAndValidityChanges1796403337988 implements MigrationInterface {
  name = 'IndexedDocNumbersAndValidityChanges1796403337988';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "ix_document_doc_number" ON "document" ("doc_number")
            WHERE "doc_number" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_validity_event_endings" ON "validity_event" ("effective_on", "id")
            WHERE "to_status" IN ('expired', 'repealed')
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_validity_event_changes" ON "validity_event" ("id")
            WHERE "from_status" IS NOT NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ix_validity_event_changes"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_validity_event_endings"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_document_doc_number"
        `);
  }
}
