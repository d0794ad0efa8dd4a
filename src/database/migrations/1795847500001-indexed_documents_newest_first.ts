import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lists show documents newest first (published_on DESC NULLS LAST, id). An ascending index cannot give
 * that order with nulls last, so the first page sorted every matching document; this one reads it in order.
 */
export class IndexedDocumentsNewestFirst1795847500001 implements MigrationInterface {
  name = 'IndexedDocumentsNewestFirst1795847500001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX ix_document_published_on_newest_first ON document (published_on DESC NULLS LAST, id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_document_published_on_newest_first`);
  }
}
