import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moves what every search reads for each matching document (the full-text vector, the facet values, the
 * static ordering) out of the wide `search_document` row into `search_match`, a narrow table (about 100
 * bytes a row; its vectors are kept out of line) whose heap stays in memory. A broad word matching most of
 * the library is then counted and faceted over a few megabytes instead of over every document's title and
 * head vector. The lower-cased title and names (发文字号, issuers) let the matches with a query word in their
 * head be ranked without reading their wide rows (co-issuers join the names at the next search:reindex). `facet_key` packs category, status, year and issuer into one integer so that the facets of
 * all matches are one grouping of one column. Existing index rows are carried over, not rebuilt.
 */
export class SplitSearchMatchingIntoNarrowTable1795848000000 implements MigrationInterface {
  name = 'SplitSearchMatchingIntoNarrowTable1795848000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "search_issuer" (
        "code" integer GENERATED ALWAYS AS IDENTITY,
        "name" text NOT NULL,
        CONSTRAINT "pk_search_issuer" PRIMARY KEY ("code"),
        CONSTRAINT "uq_search_issuer_name" UNIQUE ("name")
      )`);
    await queryRunner.query(`
      CREATE TABLE "search_match" (
        "document_id" uuid NOT NULL,
        "category_code" smallint NOT NULL,
        "status_code" smallint NOT NULL,
        "issuer_code" integer NOT NULL,
        "published_on" date,
        "published_year" smallint,
        "status_rank" smallint NOT NULL,
        "facet_key" bigint NOT NULL,
        "title_lower" text NOT NULL,
        "names_lower" text NOT NULL,
        "tsv" tsvector COMPRESSION lz4 NOT NULL,
        "head_lex" tsvector NOT NULL,
        CONSTRAINT "pk_search_match" PRIMARY KEY ("document_id")
      ) WITH (toast_tuple_target = 128)`);
    // The head's lexemes are read through the GIN index only: out of line, so the heap stays narrow. The
    // title is read for every match that has the query in its head: kept in the row (MAIN), or the low
    // toast_tuple_target would move it out of line too.
    await queryRunner.query(`ALTER TABLE "search_match" ALTER COLUMN "head_lex" SET STORAGE EXTERNAL`);
    await queryRunner.query(`ALTER TABLE "search_match" ALTER COLUMN "title_lower" SET STORAGE MAIN`);
    await queryRunner.query(`ALTER TABLE "search_match" ALTER COLUMN "names_lower" SET STORAGE MAIN`);
    await queryRunner.query(`INSERT INTO "search_issuer" ("name") SELECT DISTINCT "issuer" FROM "search_document"`);
    // Codes as in PostgresSearchEngine (FACET_CATEGORIES, FACET_STATUSES: position + 1).
    await queryRunner.query(`
      INSERT INTO "search_match" ("document_id", "category_code", "status_code", "issuer_code", "published_on",
        "published_year", "status_rank", "facet_key", "title_lower", "names_lower", "tsv", "head_lex")
      SELECT s."document_id", c.code, st.code, i."code", s."published_on", s."published_year", s."status_rank",
        (c.code::bigint << 48) | (st.code::bigint << 44) | (coalesce(s."published_year", 0)::bigint << 32) | i."code",
        lower(s."title"), lower(concat_ws(' ', s."doc_number", s."issuer")), s."tsv", strip(s."head_tsv")
      FROM "search_document" s
      JOIN "search_issuer" i ON i."name" = s."issuer"
      JOIN LATERAL (SELECT array_position(ARRAY['regulation', 'normative', 'policy'], s."category")::smallint AS code) c ON true
      JOIN LATERAL (SELECT array_position(ARRAY['unmarked', 'pending', 'in_force', 'partially_in_force', 'expired', 'repealed'],
        s."status")::smallint AS code) st ON true`);
    // One index over both vectors, so that "matches and has a term in its head" is answered by the index
    // alone: as a filter, each row's vector would be fetched from out of line.
    await queryRunner.query(`CREATE INDEX "ix_search_match_text" ON "search_match" USING gin ("tsv", "head_lex")`);
    // The orders a page is walked in when the matches are dense: relevance's static order, and newest first.
    await queryRunner.query(
      `CREATE INDEX "ix_search_match_static_order" ON "search_match" ("status_rank" DESC, "published_on" DESC NULLS LAST, "document_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_search_match_published_on" ON "search_match" ("published_on" DESC NULLS LAST, "document_id")`,
    );
    await queryRunner.query(`DROP INDEX "ix_search_document_tsv"`);
    await queryRunner.query(`DROP INDEX "ix_search_document_published_on"`);
    await queryRunner.query(`ALTER TABLE "search_document" DROP COLUMN "tsv"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "search_document" ADD COLUMN "tsv" tsvector COMPRESSION lz4`);
    await queryRunner.query(
      `UPDATE "search_document" s SET "tsv" = m."tsv" FROM "search_match" m WHERE m."document_id" = s."document_id"`,
    );
    await queryRunner.query(`UPDATE "search_document" SET "tsv" = "head_tsv" WHERE "tsv" IS NULL`);
    await queryRunner.query(`ALTER TABLE "search_document" ALTER COLUMN "tsv" SET NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_search_document_tsv" ON "search_document" USING gin ("tsv")`);
    await queryRunner.query(
      `CREATE INDEX "ix_search_document_published_on" ON "search_document" ("published_on" DESC NULLS LAST, "document_id")`,
    );
    await queryRunner.query(`DROP TABLE "search_match"`);
    await queryRunner.query(`DROP TABLE "search_issuer"`);
  }
}
