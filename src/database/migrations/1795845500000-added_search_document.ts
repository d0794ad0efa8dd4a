import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PostgreSQL search engine's index: one row per document, written only by the search engine
 * (src/search/engines/postgres-search.engine.ts) and not mapped to an entity, so TypeORM's schema
 * comparison leaves it alone. Text vectors are built in the application from jieba tokens:
 * - `head_tsv`: title (A), 发文字号 and issuers (B), summary/keywords/topic (C), with positions; small,
 *   read by ts_rank to rank title matches above body matches;
 * - `tsv`: every lexeme of the document, body included (D), without positions; the GIN index finds
 *   matches on it without rechecking rows;
 * - `doc_number_key`: the 发文字号 key (any written form maps to it), for the exact match that ranks first.
 * No foreign key to `document`: the engine indexes what it is given, like an external engine would.
 */
export class AddedSearchDocument1795845500000 implements MigrationInterface {
  name = 'AddedSearchDocument1795845500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "search_document" (
        "document_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "title" text NOT NULL,
        "doc_number" text,
        "doc_number_key" text,
        "issuer" text NOT NULL,
        "category" text NOT NULL,
        "status" text NOT NULL,
        "status_rank" smallint NOT NULL,
        "published_on" date,
        "published_year" integer GENERATED ALWAYS AS (extract(year FROM "published_on")::integer) STORED,
        "body" text COMPRESSION lz4 NOT NULL,
        "head_tsv" tsvector NOT NULL,
        "tsv" tsvector COMPRESSION lz4 NOT NULL,
        "generation" bigint NOT NULL,
        "indexed_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_search_document" PRIMARY KEY ("document_id")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_search_document_tsv" ON "search_document" USING gin ("tsv")`);
    await queryRunner.query(
      `CREATE INDEX "ix_search_document_doc_number_key" ON "search_document" ("doc_number_key") WHERE "doc_number_key" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_search_document_published_on" ON "search_document" ("published_on" DESC NULLS LAST, "document_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "search_document"`);
  }
}
