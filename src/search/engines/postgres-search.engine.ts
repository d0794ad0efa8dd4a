import type { DataSource } from 'typeorm';
import { isCjk } from '../chinese-text.js';
import {
  type EngineHit,
  type EngineResult,
  type IndexRebuild,
  type SearchableDocument,
  type SearchEngine,
  SearchEngineError,
  type SearchFacets,
  type SearchQuery,
  statusRank,
} from '../search-engine.js';
import { documentVectors, excerptNeedles, type TextQuery, textQuery } from './pg-text-search.js';

/** How much body text around the first match travels back for the highlighter. */
const EXCERPT_BEFORE = 60;
const EXCERPT_LENGTH = 240;
/**
 * Field weights of a matching term: in the title (A), in the 发文字号 or issuers (B), in the summary,
 * keywords or topic (C), only in the body. A query found whole in a title, or naming the issuer exactly,
 * earns a bonus above any sum of single terms' weights for the same document.
 */
const WEIGHT = { A: 1.0, B: 0.4, C: 0.2, body: 0.1, phrase: 2.0 };
/** Rows a rebuild or a large upsert writes per statement. */
const UPSERT_BATCH = 200;

interface SearchRow {
  total: number;
  hits: (Omit<EngineHit, 'excerpt'> & { excerpt: string; excerpt_from: number; body_length: number })[];
  category: Record<string, number>;
  status: Record<string, number>;
  issuer: Record<string, number>;
  year: Record<string, number>;
}

/** PostgreSQL errors that retrying cannot fix: bad data, not an unavailable server. */
const PERMANENT_SQLSTATE = /^(22|23|42|54)/;

function engineError(e: unknown, what: string): SearchEngineError {
  const code = (e as { code?: string }).code;
  return new SearchEngineError(
    `PostgreSQL search engine: ${what}: ${(e as Error).message}`,
    !!code && PERMANENT_SQLSTATE.test(code),
    {
      cause: e,
    },
  );
}

/**
 * The embedded engine: the `search_document` table (see its migration), jieba tokens as tsvector
 * lexemes, a GIN index, and one statement per search that counts, facets and pages the matches.
 */
export class PostgresSearchEngine implements SearchEngine {
  readonly name = 'postgres' as const;

  constructor(private readonly db: DataSource) {}

  async upsert(docs: SearchableDocument[]): Promise<void> {
    // Normal writes carry the current time as their generation, so a rebuild begun earlier keeps them.
    for (let i = 0; i < docs.length; i += UPSERT_BATCH) await this.write(docs.slice(i, i + UPSERT_BATCH), null);
  }

  async remove(ids: string[]): Promise<void> {
    if (!ids.length) return;
    try {
      await this.db.query(`DELETE FROM search_document WHERE document_id = ANY($1::uuid[])`, [ids]);
    } catch (e) {
      throw engineError(e, 'remove');
    }
  }

  /**
   * Rebuilds in place, without locking readers out: every document is rewritten (row by row, in
   * batches, readers keep seeing the old row until the new one commits), stamped with the rebuild's
   * generation; committing deletes the rows the rebuild did not write (documents that are gone).
   */
  async beginRebuild(): Promise<IndexRebuild> {
    const [{ generation }]: { generation: string }[] = await this.db.query(
      `SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS generation`,
    );
    return {
      write: async (docs) => {
        for (let i = 0; i < docs.length; i += UPSERT_BATCH) {
          await this.write(docs.slice(i, i + UPSERT_BATCH), generation);
        }
      },
      commit: async () => {
        await this.db.query(`DELETE FROM search_document WHERE generation < $1`, [generation]);
        await this.db.query(`ANALYZE search_document`);
      },
      abort: async () => undefined,
    };
  }

  async health(): Promise<void> {
    await this.db.query(`SELECT 1 FROM search_document LIMIT 1`);
  }

  private async write(docs: SearchableDocument[], generation: string | null): Promise<void> {
    if (!docs.length) return;
    const vectors = docs.map(documentVectors);
    try {
      await this.db.query(
        `INSERT INTO search_document AS s (document_id, version, title, doc_number, doc_number_key, issuer, category, status,
           status_rank, published_on, body, head_tsv, tsv, generation, indexed_at)
         SELECT x.id, x.version, x.title, x.doc_number, x.doc_number_key, x.issuer, x.category, x.status, x.status_rank,
           x.published_on, x.body, x.head_tsv::tsvector, x.tsv::tsvector,
           coalesce($14::bigint, (extract(epoch FROM clock_timestamp()) * 1000)::bigint), now()
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
           $9::smallint[], $10::date[], $11::text[], $12::text[], $13::text[])
           AS x(id, version, title, doc_number, doc_number_key, issuer, category, status, status_rank, published_on, body,
                head_tsv, tsv)
         ON CONFLICT (document_id) DO UPDATE SET
           version = EXCLUDED.version, title = EXCLUDED.title, doc_number = EXCLUDED.doc_number,
           doc_number_key = EXCLUDED.doc_number_key, issuer = EXCLUDED.issuer, category = EXCLUDED.category,
           status = EXCLUDED.status, status_rank = EXCLUDED.status_rank, published_on = EXCLUDED.published_on,
           body = EXCLUDED.body, head_tsv = EXCLUDED.head_tsv, tsv = EXCLUDED.tsv, generation = EXCLUDED.generation,
           indexed_at = EXCLUDED.indexed_at
         WHERE s.version <= EXCLUDED.version`,
        [
          docs.map((d) => d.id),
          docs.map((d) => d.version),
          docs.map((d) => d.title),
          docs.map((d) => d.docNumber),
          vectors.map((v) => v.docNumberKey),
          docs.map((d) => d.issuer),
          docs.map((d) => d.category),
          docs.map((d) => d.status),
          docs.map((d) => statusRank(d.status)),
          docs.map((d) => d.publishedOn),
          docs.map((d) => d.body),
          vectors.map((v) => v.head),
          vectors.map((v) => v.all),
          generation,
        ],
      );
    } catch (e) {
      throw engineError(e, 'upsert');
    }
  }

  async search(query: SearchQuery): Promise<EngineResult> {
    const text = query.q.trim() ? textQuery(query.q) : null;
    if (query.q.trim() && !text) return { total: 0, hits: [], facets: emptyFacets() };
    try {
      const first = await this.run(query, text, text?.all ?? null);
      // Nobody has every term: show what has any of them, best first, rather than nothing.
      if (first.total === 0 && text?.any) return await this.run(query, text, text.any);
      return first;
    } catch (e) {
      throw engineError(e, 'search');
    }
  }

  /**
   * The relevance of a matching row: for each query term, the weight of the heaviest field it occurs in
   * (read from the small, positioned head vector; a term only in the body is known to be there when every
   * term had to match), plus a bonus when the whole query is in the title or is the issuer's name.
   * Unlike ts_rank, this does not let the many bigram lexemes of a long Han term outweigh a title match.
   */
  private rankExpression(text: TextQuery, allMatched: boolean, bind: (v: unknown) => string): string {
    const parts = text.terms.map(
      (t) =>
        `CASE WHEN s.head_tsv @@ ${bind(t.A)}::tsquery THEN ${WEIGHT.A} WHEN s.head_tsv @@ ${bind(t.B)}::tsquery THEN ${WEIGHT.B}` +
        ` WHEN s.head_tsv @@ ${bind(t.C)}::tsquery THEN ${WEIGHT.C} ELSE ${allMatched ? WEIGHT.body : 0} END`,
    );
    if (Array.from(text.phrase).length >= 2) {
      const phrase = bind(text.phrase);
      parts.push(
        `CASE WHEN strpos(lower(s.title), ${phrase}) > 0 OR lower(s.issuer) = ${phrase} THEN ${WEIGHT.phrase} ELSE 0 END`,
      );
    }
    return `(${parts.join(' + ')})::real`;
  }

  private async run(query: SearchQuery, text: TextQuery | null, tsquery: string | null): Promise<EngineResult> {
    const params: unknown[] = [];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    let rank = '0::real';
    let exact = 'false';
    if (tsquery !== null && text) {
      where.push(`s.tsv @@ ${bind(tsquery)}::tsquery`);
      if (query.sort === 'relevance') rank = this.rankExpression(text, tsquery === text.all, bind);
    }
    if (text?.docNumberKey) exact = `coalesce(s.doc_number_key = ${bind(text.docNumberKey)}, false)`;
    const f = query.filters;
    if (f.category) where.push(`s.category = ${bind(f.category)}`);
    if (f.status) where.push(`s.status = ${bind(f.status)}`);
    if (f.issuer) where.push(`s.issuer = ${bind(f.issuer)}`);
    if (f.year !== undefined) where.push(`s.published_year = ${bind(f.year)}::int`);
    if (f.from) where.push(`s.published_on >= ${bind(f.from)}::date`);
    if (f.to) where.push(`s.published_on <= ${bind(f.to)}::date`);

    const order = (t: string) =>
      query.sort === 'relevance'
        ? `${t}.exact DESC, ${t}.rank DESC, ${t}.status_rank DESC, ${t}.published_on DESC NULLS LAST, ${t}.document_id`
        : query.sort === '-publishedOn'
          ? `${t}.published_on DESC NULLS LAST, ${t}.document_id`
          : `${t}.published_on ASC NULLS LAST, ${t}.document_id`;
    const needles = bind(text ? excerptNeedles(text.words).map((n) => (isCjk(n) ? n : n.toLowerCase())) : []);
    const limit = bind(query.pageSize);
    const offset = bind((query.page - 1) * query.pageSize);
    const facet = (column: string) =>
      `(SELECT coalesce(json_object_agg(v, n), '{}') FROM (SELECT ${column} AS v, count(*) AS n FROM m WHERE ${column} IS NOT NULL GROUP BY 1) f)`;

    const [row]: SearchRow[] = await this.db.query(
      `WITH m AS MATERIALIZED (
         SELECT s.document_id, s.category, s.status, s.issuer, s.published_year, s.published_on, s.status_rank,
                ${exact} AS exact, ${rank} AS rank
         FROM search_document s
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ), page AS (
         SELECT * FROM m ORDER BY ${order('m')} LIMIT ${limit} OFFSET ${offset}
       ), located AS (
         SELECT p.*, s.title, s.doc_number, s.body,
                (SELECT min(i) FROM unnest(${needles}::text[]) AS n, strpos(lower(s.body), n) AS i WHERE i > 0) AS hit_at
         FROM page p JOIN search_document s USING (document_id)
       )
       SELECT
         (SELECT count(*) FROM m)::int AS total,
         (SELECT coalesce(json_agg(json_build_object(
             'id', l.document_id, 'title', l.title, 'docNumber', l.doc_number, 'issuer', l.issuer,
             'category', l.category, 'status', l.status, 'publishedOn', l.published_on,
             'excerpt', substr(l.body, greatest(1, coalesce(l.hit_at, 1) - ${EXCERPT_BEFORE}), ${EXCERPT_LENGTH}),
             'excerpt_from', greatest(1, coalesce(l.hit_at, 1) - ${EXCERPT_BEFORE}),
             'body_length', length(l.body)
           ) ORDER BY ${order('l')}), '[]') FROM located l) AS hits,
         ${facet('category')} AS category,
         ${facet('status')} AS status,
         ${facet('issuer')} AS issuer,
         ${facet('published_year')} AS year`,
      params,
    );
    return {
      total: row.total,
      hits: row.hits.map(({ excerpt, excerpt_from, body_length, ...hit }) => ({
        ...hit,
        excerpt: {
          text: excerpt,
          atStart: excerpt_from === 1,
          atEnd: excerpt_from - 1 + excerpt.length >= body_length,
        },
      })),
      facets: { category: row.category, status: row.status, issuer: row.issuer, year: row.year },
    };
  }
}

export function emptyFacets(): SearchFacets {
  return { category: {}, status: {}, issuer: {}, year: {} };
}
