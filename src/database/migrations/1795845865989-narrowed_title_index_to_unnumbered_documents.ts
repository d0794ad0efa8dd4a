import { MigrationInterface, QueryRunner } from 'typeorm';

export class NarrowedTitleIndexToUnnumberedDocuments1795845865989 implements MigrationInterface {
  name = 'NarrowedTitleIndexToUnnumberedDocuments1795845865989';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ix_document_issuer_title"
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_document_unnumbered_issuer_title" ON "document" ("issuer_id", "title")
            WHERE "doc_number" IS NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ix_document_unnumbered_issuer_title"
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_document_issuer_title" ON "document" USING btree ("title", "issuer_id")
        `);
  }
}
