import pg from 'pg';
import type { DataSource } from 'typeorm';
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
const UPSERT_BATCH = 250;
/** Connections the engine searches on. */
const READER_POOL_SIZE = 8;
const LIVE = 'search_document';
/** The table a rebuild fills before it is swapped in. */
const REBUILD = 'search_document_rebuild';
/** Every column the engine writes (published_year is generated from published_on). */
const COLUMNS = [
  'document_id',
  'version',
  'title',
  'doc_number',
  'doc_number_key',
  'issuer',
  'category',
  'status',
  'status_rank',
  'published_on',
  'body',
  'head_tsv',
  'tsv',
  'generation',
  'indexed_at',
];
/** The secondary indexes, as the migration creates them; a rebuild creates them on its new table. */
const INDEXES: [string, string][] = [
  ['ix_search_document_tsv', 'USING gin (tsv)'],
  ['ix_search_document_doc_number_key', '(doc_number_key) WHERE doc_number_key IS NOT NULL'],
  ['ix_search_document_published_on', '(published_on DESC NULLS LAST, document_id)'],
];

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

  private readers: pg.Pool | undefined;

  constructor(private readonly db: DataSource) {}

  async upsert(docs: SearchableDocument[]): Promise<void> {
    // Live writes take their generation from the sequence, so a rebuild begun earlier can tell them apart.
    if (!docs.length) return;
    await this.write(LIVE, docs, null);
    await this.changed();
  }

  async remove(ids: string[]): Promise<void> {
    if (!ids.length) return;
    try {
      await this.db.query(`DELETE FROM search_document WHERE document_id = ANY($1::uuid[])`, [ids]);
      await this.changed();
    } catch (e) {
      throw engineError(e, 'remove');
    }
  }

  /**
   * Builds a new table beside the live one (no indexes while it fills, so it fills fast), indexes it in
   * bulk, then swaps it in with one short transaction: rows the live indexer wrote since the rebuild
   * began are carried over, the old table is dropped and the new one takes its name. Searches keep
   * answering from the old table throughout and wait only for the swap itself (milliseconds).
   */
  async beginRebuild(): Promise<IndexRebuild> {
    // Generations come from one sequence: every live write takes a value after this one, every earlier
    // write a value before it (a clock could give both the same millisecond).
    const [{ generation }]: { generation: string }[] = await this.db.query(
      `SELECT nextval('search_index_generation')::text AS generation`,
    );
    try {
      await this.db.query(`DROP TABLE IF EXISTS ${REBUILD}`);
      await this.db.query(
        `CREATE TABLE ${REBUILD} (LIKE search_document INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMPRESSION)`,
      );
    } catch (e) {
      throw engineError(e, 'begin rebuild');
    }
    return {
      keepsLiveWrites: true,
      write: (docs) => this.write(REBUILD, docs, generation),
      commit: async () => {
        const runner = this.db.createQueryRunner();
        try {
          await runner.query(`SET maintenance_work_mem = '256MB'`);
          await runner.query(`ALTER TABLE ${REBUILD} ADD CONSTRAINT pk_${REBUILD} PRIMARY KEY (document_id)`);
          for (const [name, definition] of INDEXES) {
            await runner.query(`CREATE INDEX ${name.replace('search_document', REBUILD)} ON ${REBUILD} ${definition}`);
          }
          await runner.startTransaction();
          await runner.query(`LOCK TABLE search_document IN ACCESS EXCLUSIVE MODE`);
          await runner.query(
            `INSERT INTO ${REBUILD} AS s (${COLUMNS.join(', ')})
             SELECT ${COLUMNS.join(', ')} FROM search_document WHERE generation > $1
             ON CONFLICT (document_id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'document_id')
               .map((c) => `${c} = EXCLUDED.${c}`)
               .join(', ')}
             WHERE s.version <= EXCLUDED.version`,
            [generation],
          );
          await runner.query(`DROP TABLE search_document`);
          await runner.query(`ALTER TABLE ${REBUILD} RENAME TO search_document`);
          await runner.query(`ALTER TABLE search_document RENAME CONSTRAINT pk_${REBUILD} TO pk_search_document`);
          for (const [name] of INDEXES) {
            await runner.query(`ALTER INDEX ${name.replace('search_document', REBUILD)} RENAME TO ${name}`);
          }
          await runner.commitTransaction();
          await this.changed();
          await runner.query(`ANALYZE search_document`);
        } catch (e) {
          if (runner.isTransactionActive) await runner.rollbackTransaction();
          throw engineError(e, 'commit rebuild');
        } finally {
          await runner.release();
        }
      },
      abort: async () => {
        await this.db.query(`DROP TABLE IF EXISTS ${REBUILD}`);
      },
    };
  }

  async health(): Promise<void> {
    await this.db.query(`SELECT 1 FROM search_document LIMIT 1`);
  }

  async generation(): Promise<string | null> {
    const [row]: { g: string }[] = await this.db.query(
      `SELECT (CASE WHEN is_called THEN last_value ELSE 0 END)::text AS g FROM search_index_generation`,
    );
    return row.g;
  }

  /** Advanced after a change has committed, so no answer read before it is kept under the new value. */
  private async changed(): Promise<void> {
    await this.db.query(`SELECT nextval('search_index_generation')`);
  }

  /**
   * Writes in batches, overlapping the work: the next batch is segmented in the application while the
   * database stores the previous one.
   */
  private async write(table: string, docs: SearchableDocument[], generation: string | null): Promise<void> {
    let inFlight: Promise<void> | undefined;
    try {
      for (let i = 0; i < docs.length; i += UPSERT_BATCH) {
        const batch = docs.slice(i, i + UPSERT_BATCH);
        const params = this.rowParams(batch, generation);
        await inFlight;
        inFlight = this.insert(table, params);
      }
      await inFlight;
    } catch (e) {
      await inFlight?.catch(() => undefined);
      throw engineError(e, 'upsert');
    }
  }

  private rowParams(docs: SearchableDocument[], generation: string | null): unknown[] {
    const vectors = docs.map(documentVectors);
    return [
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
    ];
  }

  private async insert(table: string, params: unknown[]): Promise<void> {
    const live = table === LIVE;
    await this.db.query(
      `INSERT INTO ${table} AS s (${COLUMNS.join(', ')})
       SELECT x.id, x.version, x.title, x.doc_number, x.doc_number_key, x.issuer, x.category, x.status, x.status_rank,
         x.published_on, x.body, x.head_tsv::tsvector, x.tsv::tsvector,
         coalesce($14::bigint, nextval('search_index_generation')), now()
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::smallint[], $10::date[], $11::text[], $12::text[], $13::text[])
         AS x(id, version, title, doc_number, doc_number_key, issuer, category, status, status_rank, published_on, body,
              head_tsv, tsv)
       ${
         live
           ? `ON CONFLICT (document_id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'document_id')
               .map((c) => `${c} = EXCLUDED.${c}`)
               .join(', ')}
              WHERE s.version <= EXCLUDED.version`
           : ''
       }`,
      params,
    );
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
   * Runs a search statement on the engine's own connections, whose planner is told two things its cost
   * model does not know: reading a row's text vector means decompressing kilobytes (so a sequential scan
   * that tests every row is far slower than the GIN index even when a word is in half the documents), and
   * compiling the statement (JIT) costs more than running it. (Session settings on a pool of its own, so
   * nothing else the application runs is planned this way, and a search is one round trip.)
   */
  private async planned<T>(sql: string, params: unknown[]): Promise<T[]> {
    if (!this.readers) {
      this.readers = new pg.Pool({
        connectionString: (this.db.options as { url: string }).url,
        max: READER_POOL_SIZE,
        options: '-c enable_seqscan=off -c jit=off',
      });
      // An idle connection the server dropped (a restart) is replaced on next use; it must not crash the app.
      this.readers.on('error', () => undefined);
    }
    return (await this.readers.query(sql, params)).rows as T[];
  }

  async close(): Promise<void> {
    await this.readers?.end();
    this.readers = undefined;
  }

  /**
   * The relevance of a matching row: for each query term, the weight of the heaviest field it occurs in
   * (read from the small, positioned head vector; a term only in the body is known to be there when every
   * term had to match), plus a bonus when the whole query is in the title or is the issuer's name.
   * Unlike ts_rank, this does not let the many bigram lexemes of a long Han term outweigh a title match.
   */
  private rankExpression(text: TextQuery, allMatched: boolean, bind: (v: unknown) => string): string {
    // A term absent from the head costs one test (weights A, B or C), one present two or three.
    const parts = text.terms.map(
      (t) =>
        `CASE WHEN NOT s.head_tsv @@ ${bind(t.C)}::tsquery THEN ${allMatched ? WEIGHT.body : 0}` +
        ` WHEN s.head_tsv @@ ${bind(t.A)}::tsquery THEN ${WEIGHT.A} WHEN s.head_tsv @@ ${bind(t.B)}::tsquery THEN ${WEIGHT.B}` +
        ` ELSE ${WEIGHT.C} END`,
    );
    if (Array.from(text.phrase).length >= 2) {
      const phrase = bind(text.phrase);
      parts.push(
        `CASE WHEN strpos(lower(s.title), ${phrase}) > 0 OR lower(s.issuer) = ${phrase} THEN ${WEIGHT.phrase} ELSE 0 END`,
      );
    }
    // Most matches of a common word are in bodies only: one test of the head spares them the per-term ones.
    const anyInHead = `${bind(text.terms.map((t) => t.anywhere).join(' | '))}::tsquery`;
    const bodyOnly = allMatched ? text.terms.length * WEIGHT.body : 0;
    return `(CASE WHEN s.head_tsv @@ ${anyInHead} THEN ${parts.join(' + ')} ELSE ${bodyOnly} END)::real`;
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
    const needles = bind(text ? excerptNeedles(text.words) : []);
    const limit = bind(query.pageSize);
    const offset = bind((query.page - 1) * query.pageSize);
    const facet = (column: string) =>
      `(SELECT coalesce(json_object_agg(v, n), '{}') FROM (SELECT ${column} AS v, count(*) AS n FROM m WHERE ${column} IS NOT NULL GROUP BY 1) f)`;

    const [row] = await this.planned<SearchRow>(
      `WITH m AS MATERIALIZED (
         SELECT s.document_id, s.category, s.status, s.issuer, s.published_year, s.published_on, s.status_rank,
                ${exact} AS exact, ${rank} AS rank
         FROM search_document s
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ), page AS (
         SELECT * FROM m ORDER BY ${order('m')} LIMIT ${limit} OFFSET ${offset}
       ), bodies AS MATERIALIZED (
         -- Each body is read (decompressed) once here, not once per term looked for in it.
         SELECT p.*, s.title, s.doc_number, s.body || '' AS body
         FROM page p JOIN search_document s USING (document_id)
       ), located AS (
         SELECT b.*, (SELECT min(i) FROM unnest(${needles}::text[]) AS n, strpos(b.body, n) AS i WHERE i > 0) AS hit_at
         FROM bodies b
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
