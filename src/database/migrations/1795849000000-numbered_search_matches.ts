import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gives every `search_match` row a small integer, `doc_no`, that the application's resident index (see
 * PostgresSearchEngine) reads match lists by: four bytes a match instead of a sixteen-byte UUID. A document
 * keeps its number for as long as it is indexed, through edits and rebuilds; the sequence is not owned by
 * the column, because a rebuild drops the old table while its replacement still draws from it.
 */
export class NumberedSearchMatches1795849000000 implements MigrationInterface {
  name = 'NumberedSearchMatches1795849000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "search_match_doc_no" AS integer`);
    // Adding the column with its default rewrites the table (80 s at 100,000 documents on the benchmark
    // machine, searches waiting meanwhile). Filling it with an UPDATE instead was measured 4× slower: every
    // row's new version enters the GIN index again, one lexeme at a time.
    await queryRunner.query(
      `ALTER TABLE "search_match" ADD COLUMN "doc_no" integer NOT NULL DEFAULT nextval('search_match_doc_no')`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_search_match_doc_no" ON "search_match" ("doc_no")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "search_match" DROP COLUMN "doc_no"`);
    await queryRunner.query(`DROP SEQUENCE "search_match_doc_no"`);
  }
}
