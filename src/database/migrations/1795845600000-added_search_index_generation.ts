import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A counter the PostgreSQL search engine advances after every change to its index, so the search
 * service can keep answers for as long as the index has not changed (see SearchService).
 */
export class AddedSearchIndexGeneration1795845600000 implements MigrationInterface {
  name = 'AddedSearchIndexGeneration1795845600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "search_index_generation"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SEQUENCE "search_index_generation"`);
  }
}
