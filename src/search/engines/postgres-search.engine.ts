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
  type TermMatching,
} from '../search-engine.js';
import { documentVectors, excerptNeedles, type TextQuery, textQuery } from './pg-text-search.js';
import { GENERATION_SQL, RANK_TENTHS, ResidentIndex } from './resident-index.js';

/** How much body text around the first match travels back for the highlighter. */
const EXCERPT_BEFORE = 60;
const EXCERPT_LENGTH = 240;
/**
 * Field weights of a matching term: in the title (A), in the 发文字号 or issuers (B), in the summary,
 * keywords or topic (C), only in the body. A query found whole in a title, or naming the issuer exactly,
 * earns a bonus above any sum of single terms' weights for the same document.
 */
const WEIGHT = {
  A: RANK_TENTHS.A / 10,
  B: RANK_TENTHS.B / 10,
  C: RANK_TENTHS.C / 10,
  body: RANK_TENTHS.body / 10,
  phrase: RANK_TENTHS.phrase / 10,
};
/** Rows a rebuild or a large upsert writes per statement. */
const UPSERT_BATCH = 250;
/**
 * A page is found by walking the narrow rows in its order when that should take at most WALK_TESTS tests
 * of a row's vector (page end × rows in the index / matches), looking at no more than WALK_WINDOW times
 * that many rows before falling back to the index.
 */
const WALK_TESTS = 300;
const WALK_WINDOW = 4;
/** Rows a walk for titles holding the query looks at, at least (a title is read from the row itself). */
const TITLED_WALK_WINDOW = 10_000;
/** Connections the engine searches on. */
const READER_POOL_SIZE = 8;
/**
 * Searches PostgreSQL answers alone at once while the resident index reads a slow snapshot; more wait for
 * the snapshot (at 1,000,000 documents a broad word alone takes seconds, and many at once starve the read).
 */
const ALONE_WHILE_READING = 2;
/**
 * The engine's two tables: `search_document`, one wide row per document (what a hit shows and the head
 * vector relevance is read from), and `search_match`, one narrow row per document (the full-text vector,
 * out of line, and the facet values) that every search scans for all of its matches.
 */
const LIVE = { documents: 'search_document', matches: 'search_match' };
/** The tables a rebuild fills before they are swapped in. */
const REBUILD = { documents: 'search_document_rebuild', matches: 'search_match_rebuild' };
type Tables = typeof LIVE;
/**
 * Facet values as the small codes `search_match.facet_key` packs (position + 1): category in bits 48–51,
 * status 44–47, year 32–43 (0: no date), issuer (`search_issuer.code`) 0–31. Changing these lists needs a
 * `search:reindex`.
 */
const FACET_CATEGORIES = ['regulation', 'normative', 'policy'];
const FACET_STATUSES = ['unmarked', 'pending', 'in_force', 'partially_in_force', 'expired', 'repealed'];
/** Every column the engine writes in `search_document` (published_year is generated from published_on). */
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
  'generation',
  'indexed_at',
];
/** Every column of `search_match`. */
const MATCH_COLUMNS = [
  'document_id',
  'category_code',
  'status_code',
  'issuer_code',
  'published_on',
  'published_year',
  'status_rank',
  'facet_key',
  'title_lower',
  'names_lower',
  'tsv',
  'head_lex',
  'doc_no',
];
/** The secondary indexes, as the migrations create them; a rebuild creates them on its new tables. */
const INDEXES: { table: keyof Tables; name: string; definition: string; unique?: boolean }[] = [
  {
    table: 'documents',
    name: 'ix_search_document_doc_number_key',
    definition: '(doc_number_key) WHERE doc_number_key IS NOT NULL',
  },
  { table: 'matches', name: 'ix_search_match_text', definition: 'USING gin (tsv, head_lex)' },
  {
    table: 'matches',
    name: 'ix_search_match_static_order',
    definition: '(status_rank DESC, published_on DESC NULLS LAST, document_id)',
  },
  { table: 'matches', name: 'ix_search_match_published_on', definition: '(published_on DESC NULLS LAST, document_id)' },
  { table: 'matches', name: 'ux_search_match_doc_no', definition: '(doc_no)', unique: true },
];
/** Columns an update of a row leaves alone: its key, and the number a document keeps while it is indexed. */
const updateAll = (columns: string[]) =>
  columns
    .filter((c) => c !== 'document_id' && c !== 'doc_no')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ');

type HitRow = Omit<EngineHit, 'excerpt'> & { excerpt: string; excerpt_from: number; at_end: boolean };

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
 * The embedded engine: the `search_document` and `search_match` tables (see their migrations), jieba
 * tokens as tsvector lexemes, a GIN index; searches counted, faceted and ordered by the resident index
 * (ResidentIndex) when it holds a current snapshot, by PostgreSQL alone otherwise (run()).
 */
export class PostgresSearchEngine implements SearchEngine {
  readonly name = 'postgres' as const;

  private readers: pg.Pool | undefined;
  private readonly resident: ResidentIndex | undefined;
  /** Searches PostgreSQL is answering alone right now. */
  private aloneRunning = 0;

  /**
   * @param options.walkTests how many tests of a row's vector a walk in page order may be expected to take
   * before the index is used instead (WALK_TESTS; 0 never walks, Infinity always does: for tests).
   * @param options.resident the resident index: 'background' (the default) reads a snapshot beside the
   * searches, which PostgreSQL answers meanwhile; 'awaited' reads it before answering (tests); 'off'.
   * @param options.residentBytes match lists the resident index keeps at most (tests).
   */
  constructor(
    private readonly db: DataSource,
    private readonly options: {
      walkTests?: number;
      resident?: 'background' | 'awaited' | 'off';
      residentBytes?: number;
    } = {},
  ) {
    const resident = options.resident ?? 'background';
    if (resident !== 'off') {
      this.resident = new ResidentIndex(
        () => this.readerPool(),
        { categories: FACET_CATEGORIES, statuses: FACET_STATUSES },
        resident === 'awaited',
        options.residentBytes,
      );
    }
  }

  warmUp(): void {
    this.resident?.warmUp();
  }

  /** Searches the resident index answered (the rest went to PostgreSQL alone). */
  get residentAnswers(): number {
    return this.resident?.answered ?? 0;
  }

  async upsert(docs: SearchableDocument[]): Promise<void> {
    // Live writes take their generation from the sequence, so a rebuild begun earlier can tell them apart.
    if (!docs.length) return;
    await this.write(LIVE, docs, null);
    await this.changed();
  }

  async remove(ids: string[]): Promise<void> {
    if (!ids.length) return;
    try {
      await this.db.query(
        `WITH gone AS (DELETE FROM search_match WHERE document_id = ANY($1::uuid[]))
         DELETE FROM search_document WHERE document_id = ANY($1::uuid[])`,
        [ids],
      );
      await this.changed();
    } catch (e) {
      throw engineError(e, 'remove');
    }
  }

  /**
   * Builds new tables beside the live ones (no indexes while they fill, so they fill fast), indexes them in
   * bulk, then swaps them in with one short transaction: rows the live indexer wrote since the rebuild
   * began are carried over, the old tables are dropped and the new ones take their names. Searches keep
   * answering from the old tables throughout and wait only for the swap itself (milliseconds).
   */
  async beginRebuild(): Promise<IndexRebuild> {
    // Generations come from one sequence: every live write takes a value after this one, every earlier
    // write a value before it (a clock could give both the same millisecond).
    const [{ generation }]: { generation: string }[] = await this.db.query(
      `SELECT nextval('search_index_generation')::text AS generation`,
    );
    try {
      for (const table of Object.keys(LIVE) as (keyof Tables)[]) {
        await this.db.query(`DROP TABLE IF EXISTS ${REBUILD[table]}`);
        await this.db.query(
          `CREATE TABLE ${REBUILD[table]} (LIKE ${LIVE[table]} INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMPRESSION)`,
        );
      }
      // As the migration made it: vectors out of line, so the heap stays narrow.
      await this.db.query(`ALTER TABLE ${REBUILD.matches} SET (toast_tuple_target = 128)`);
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
          for (const table of Object.keys(LIVE) as (keyof Tables)[]) {
            const pk = LIVE[table].replace('search_', 'pk_search_');
            await runner.query(`ALTER TABLE ${REBUILD[table]} ADD CONSTRAINT ${pk}_rebuild PRIMARY KEY (document_id)`);
          }
          for (const index of INDEXES) {
            await runner.query(
              `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${index.name}_rebuild ON ${REBUILD[index.table]} ${index.definition}`,
            );
          }
          await runner.startTransaction();
          await runner.query(`LOCK TABLE search_document, search_match IN ACCESS EXCLUSIVE MODE`);
          await runner.query(
            `INSERT INTO ${REBUILD.documents} AS s (${COLUMNS.join(', ')})
             SELECT ${COLUMNS.join(', ')} FROM search_document WHERE generation > $1
             ON CONFLICT (document_id) DO UPDATE SET ${updateAll(COLUMNS)}
             WHERE s.version <= EXCLUDED.version`,
            [generation],
          );
          // The narrow rows of exactly the documents whose live row was carried over.
          await runner.query(
            `INSERT INTO ${REBUILD.matches} (${MATCH_COLUMNS.join(', ')})
             SELECT ${MATCH_COLUMNS.map((c) => `m.${c}`).join(', ')}
             FROM search_match m JOIN ${REBUILD.documents} r USING (document_id)
             WHERE r.generation > $1
             ON CONFLICT (document_id) DO UPDATE SET ${updateAll(MATCH_COLUMNS)}`,
            [generation],
          );
          for (const table of Object.keys(LIVE) as (keyof Tables)[]) {
            const pk = LIVE[table].replace('search_', 'pk_search_');
            await runner.query(`DROP TABLE ${LIVE[table]}`);
            await runner.query(`ALTER TABLE ${REBUILD[table]} RENAME TO ${LIVE[table]}`);
            await runner.query(`ALTER TABLE ${LIVE[table]} RENAME CONSTRAINT ${pk}_rebuild TO ${pk}`);
          }
          for (const index of INDEXES) {
            await runner.query(`ALTER INDEX ${index.name}_rebuild RENAME TO ${index.name}`);
          }
          await runner.commitTransaction();
          await this.changed();
          await runner.query(`ANALYZE search_document`);
          await runner.query(`ANALYZE search_match`);
        } catch (e) {
          if (runner.isTransactionActive) await runner.rollbackTransaction();
          throw engineError(e, 'commit rebuild');
        } finally {
          await runner.release();
        }
      },
      abort: async () => {
        await this.db.query(`DROP TABLE IF EXISTS ${REBUILD.documents}, ${REBUILD.matches}`);
      },
    };
  }

  async health(): Promise<void> {
    await this.db.query(`SELECT 1 FROM search_document LIMIT 1`);
  }

  async generation(): Promise<string | null> {
    const [row]: { g: string }[] = await this.db.query(`SELECT ${GENERATION_SQL} AS g`);
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
  private async write(tables: Tables, docs: SearchableDocument[], generation: string | null): Promise<void> {
    let inFlight: Promise<void> | undefined;
    try {
      for (let i = 0; i < docs.length; i += UPSERT_BATCH) {
        const batch = docs.slice(i, i + UPSERT_BATCH);
        const params = this.rowParams(batch, generation);
        await inFlight;
        inFlight = this.insert(tables, batch, params);
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
      FACET_CATEGORIES,
      FACET_STATUSES,
      docs.map((d) => [d.docNumber, d.issuer, ...d.coIssuers].filter(Boolean).join(' ').toLowerCase()),
    ];
  }

  /**
   * One statement writes both rows of each document: the wide row (an older version never replaces a
   * newer one) and, for exactly the rows written, the narrow one.
   */
  private async insert(tables: Tables, docs: SearchableDocument[], params: unknown[]): Promise<void> {
    const live = tables === LIVE;
    // Issuers get their facet code first, committed on its own, so the write below always finds it.
    await this.db.query(
      `INSERT INTO search_issuer (name)
       SELECT DISTINCT n FROM unnest($1::text[]) AS n WHERE NOT EXISTS (SELECT 1 FROM search_issuer i WHERE i.name = n)
       ON CONFLICT (name) DO NOTHING`,
      [[...new Set(docs.map((d) => d.issuer))]],
    );
    await this.db.query(
      `WITH x AS MATERIALIZED (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::text[], $9::smallint[], $10::date[], $11::text[], $12::text[], $13::text[])
           AS x(id, version, title, doc_number, doc_number_key, issuer, category, status, status_rank, published_on, body,
                head_tsv, tsv)
       ), written AS (
         INSERT INTO ${tables.documents} AS s (${COLUMNS.join(', ')})
         SELECT x.id, x.version, x.title, x.doc_number, x.doc_number_key, x.issuer, x.category, x.status, x.status_rank,
           x.published_on, x.body, x.head_tsv::tsvector, coalesce($14::bigint, nextval('search_index_generation')), now()
         FROM x
         ${live ? `ON CONFLICT (document_id) DO UPDATE SET ${updateAll(COLUMNS)} WHERE s.version <= EXCLUDED.version` : ''}
         RETURNING s.document_id
       )
       INSERT INTO ${tables.matches} AS m (${MATCH_COLUMNS.join(', ')})
       SELECT x.id, c.code, st.code, i.code, x.published_on, extract(year FROM x.published_on)::smallint, x.status_rank,
         (c.code::bigint << 48) | (st.code::bigint << 44)
           | (coalesce(extract(year FROM x.published_on), 0)::bigint << 32) | i.code,
         lower(x.title), n.names, x.tsv::tsvector, strip(x.head_tsv::tsvector),
         -- A document keeps its number through edits and rebuilds; only a new one draws from the sequence.
         coalesce((SELECT l.doc_no FROM search_match l WHERE l.document_id = x.id), nextval('search_match_doc_no'))
       FROM x
       JOIN written w ON w.document_id = x.id
       JOIN unnest($1::uuid[], $17::text[]) AS n(id, names) ON n.id = x.id
       JOIN search_issuer i ON i.name = x.issuer
       CROSS JOIN LATERAL (SELECT array_position($15::text[], x.category)::smallint AS code) c
       CROSS JOIN LATERAL (SELECT array_position($16::text[], x.status)::smallint AS code) st
       ${live ? `ON CONFLICT (document_id) DO UPDATE SET ${updateAll(MATCH_COLUMNS)}` : ''}`,
      params,
    );
  }

  async search(query: SearchQuery): Promise<EngineResult> {
    const text = query.q.trim() ? textQuery(query.q) : null;
    if (query.q.trim() && !text) return { total: 0, hits: [], facets: emptyFacets(), matching: 'all' };
    try {
      // A 发文字号 matches a handful of documents: PostgreSQL alone answers it in milliseconds at any size, so
      // it never waits for a snapshot, nor takes the place of a search that would.
      const few = !!text?.docNumberKey;
      if (this.resident) {
        const answer = await this.searchResident(query, text);
        if (answer) return answer;
        // A snapshot is being read: a few searches go to PostgreSQL alone meanwhile, the others wait for it.
        const reading = this.resident.worthWaitingFor();
        if (reading && !few && this.aloneRunning >= ALONE_WHILE_READING) {
          await reading;
          const after = await this.searchResident(query, text);
          if (after) return after;
        }
      }
      if (!few) this.aloneRunning++;
      try {
        const first = await this.run(query, text, text?.all ?? null);
        // Nobody has every term: show what has any of them, best first, rather than nothing.
        if (first.total === 0 && text?.any) return { ...(await this.run(query, text, text.any)), matching: 'any' };
        return first;
      } finally {
        if (!few) this.aloneRunning--;
      }
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
  private async planned<T>(sql: string, params: unknown[], name?: string): Promise<T[]> {
    return (await this.readerPool().query({ name, text: sql, values: params })).rows as T[];
  }

  private readerPool(): pg.Pool {
    if (!this.readers) {
      this.readers = new pg.Pool({
        connectionString: (this.db.options as { url: string }).url,
        max: READER_POOL_SIZE,
        options: '-c enable_seqscan=off -c jit=off -c max_parallel_workers_per_gather=0',
      });
      // An idle connection the server dropped (a restart) is replaced on next use; it must not crash the app.
      this.readers.on('error', () => undefined);
    }
    return this.readers;
  }

  async close(): Promise<void> {
    this.resident?.close();
    await this.readers?.end();
    this.readers = undefined;
  }

  /**
   * The relevance of a match with a query word in its head, from its narrow row: for each word, the weight
   * of the heaviest field it is in (title 1.0 > 发文字号 and issuers 0.4 > summary, keywords, topic 0.2 >
   * only the body 0.1, when every word had to match), plus a bonus when the query is the issuer's name.
   * Title and names are matched as text; the rest through the head's lexemes, read only when a word is in
   * neither. Unlike ts_rank, this does not let the many bigram lexemes of a long Han word outweigh a title
   * match. (A whole query in the title ranks above all of these: see `titled` in run().)
   */
  private narrowRank(text: TextQuery, allMatched: boolean, bind: (v: unknown) => string): string {
    const parts = text.terms.map((t, i) => {
      const word = bind(text.words[i]);
      // Every row ranked here has a query word in its head: with one word, that word is there, and the
      // out-of-line head vector need not be read to know it.
      const inSummary = text.terms.length === 1 ? 'true' : `m.head_lex @@ ${bind(t.anywhere)}::tsquery`;
      return (
        `CASE WHEN strpos(m.title_lower, ${word}) > 0 THEN ${WEIGHT.A} WHEN strpos(m.names_lower, ${word}) > 0 THEN ${WEIGHT.B}` +
        ` WHEN ${inSummary} THEN ${WEIGHT.C} ELSE ${allMatched ? WEIGHT.body : 0} END`
      );
    });
    parts.push(
      `CASE WHEN m.issuer_code = (SELECT code FROM search_issuer WHERE lower(name) = ${bind(text.phrase)}) THEN ${WEIGHT.phrase} ELSE 0 END`,
    );
    return `(${parts.join(' + ')})::real`;
  }

  /**
   * The relevance of a head match of a 发文字号 query (few rows), read from the wide row's positioned head
   * vector: for each term, the weight of the heaviest field it occurs in (a term only in the body is known to
   * be there when every term had to match), plus a bonus when the whole query is in the title or is the
   * issuer's name. Word queries are ranked from narrow rows (narrowRank).
   */
  private wideRank(text: TextQuery, allMatched: boolean, bind: (v: unknown) => string): string {
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
    return `(${parts.join(' + ')})::real`;
  }

  /**
   * Two statements per search, built so that a broad word matching most of the library is not paid for
   * per wide row, nor twice:
   * 1. total and facets: every match counted once per facet_key (category, status, year, issuer in one
   *    integer) on the narrow `search_match` heap; the total and the four facets are sums over these few
   *    groups. No match, no second statement.
   * 2. the page. When the matches are dense (the first rows in the page's order will hold enough of them),
   *    the narrow rows are walked in that order and each is tested, reading its vectors only as far as the
   *    page needs; otherwise the matches are found through the index and ordered:
   *    - relevance with words: the documents whose title holds the whole query first (after the exact
   *      发文字号), among themselves in the static order; then, if they do not fill the page, the other
   *      matches with a query word in their head, ranked; then the rest (every word in the body only, all
   *      alike) in the static order. Each step is read only when the one before did not fill the page.
   *    - by date, or filters alone: the matches, sorted.
   *    The page's rows are then joined to the wide table for titles and the body excerpt.
   */
  private async run(query: SearchQuery, text: TextQuery | null, tsquery: string | null): Promise<EngineResult> {
    const counted = await this.countMatches(query, tsquery);
    if (counted.total === 0) return { total: 0, hits: [], facets: counted.facets, matching: 'all' };

    const { params, bind } = parameters();
    const { filters, matches } = this.conditions(query, tsquery, bind);
    const where = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
    const whereMatch = matches.length ? `WHERE ${matches.join(' AND ')}` : '';
    const limit = bind(query.pageSize);
    const offset = bind((query.page - 1) * query.pageSize);
    const needed = query.page * query.pageSize;
    const need = `(${offset}::int + ${limit}::int)`;
    // Walk the rows in the page's order when about WALK_TESTS tests will find the page; look at no more
    // than WALK_WINDOW times the rows that should take, then fall back to the index.
    const dense = tsquery !== null && (needed * counted.rows) / counted.total <= (this.options.walkTests ?? WALK_TESTS);
    let windowParam: string | undefined;
    const window = () => (windowParam ??= bind(Math.ceil((WALK_WINDOW * needed * counted.rows) / counted.total) + 100));
    const staticOrder = (t: string) => `${t}.status_rank DESC, ${t}.published_on DESC NULLS LAST, ${t}.document_id`;
    // The same order, for matches found through the GIN index: `+ 0` is not what the ordered indexes are on,
    // so the planner cannot choose to walk one and test every row's out-of-line vector on the way (that is
    // what the walk below does, only when the matches are dense).
    const sortedStatic = (t: string) =>
      `(${t}.status_rank + 0) DESC, ${t}.published_on DESC NULLS LAST, ${t}.document_id`;
    const order = (t: string) =>
      query.sort === 'relevance'
        ? `${t}.exact DESC, ${t}.tier DESC, ${t}.rank DESC, ${staticOrder(t)}`
        : query.sort === '-publishedOn'
          ? `${t}.published_on DESC NULLS LAST, ${t}.document_id`
          : `${t}.published_on ASC NULLS LAST, ${t}.document_id`;
    /** The first `need` rows passing `test` in `by` order: walked when dense, else (or when the walk fell short) `fallback`. */
    const walkOr = (name: string, by: string, test: string, columns: string, fallback: string, minWindow = 0) =>
      dense
        ? `${name}_walk AS MATERIALIZED (
             SELECT ${columns} FROM (
               SELECT m.* FROM search_match m ${where} ORDER BY ${by} LIMIT greatest(${window()}, ${minWindow})
             ) m
             WHERE ${test} ORDER BY ${by} LIMIT ${need}
           ), ${name} AS MATERIALIZED (
             SELECT * FROM ${name}_walk WHERE (SELECT count(*) FROM ${name}_walk) >= ${need}
             UNION ALL
             (${fallback} LIMIT CASE WHEN (SELECT count(*) FROM ${name}_walk) >= ${need} THEN 0 ELSE ${need} END)
           )`
        : `${name} AS MATERIALIZED (${fallback} LIMIT ${need})`;

    let candidates: string;
    if (query.sort === 'relevance' && text && tsquery !== null) {
      const allMatched = tsquery === text.all;
      const exact = text.docNumberKey ? `coalesce(s.doc_number_key = ${bind(text.docNumberKey)}, false)` : 'false';
      const inHead = `m.head_lex @@ ${bind(text.terms.map((t) => t.anywhere).join(' | '))}::tsquery`;
      // A number query ranks every head match, so that its document comes first.
      const titledBy =
        Array.from(text.phrase).length >= 2 && !text.docNumberKey
          ? `strpos(m.title_lower, ${bind(text.phrase)}) > 0`
          : null;
      const titledColumns = `m.document_id, m.status_rank, m.published_on, false AS exact, 1 AS tier, 0::real AS rank`;
      const titled = titledBy
        ? walkOr(
            'titled',
            staticOrder('m'),
            // The title first (in the row), the vectors (out of line) only for the titles that hold the query.
            `CASE WHEN ${titledBy} THEN ${matches.join(' AND ')} AND ${inHead} ELSE false END`,
            titledColumns,
            `SELECT ${titledColumns} FROM search_match m ${whereMatch} AND ${inHead} AND ${titledBy} ORDER BY ${sortedStatic('m')}`,
            // A title is tested in the row, cheaply: look further for titles than for vectors.
            TITLED_WALK_WINDOW,
          )
        : `titled AS MATERIALIZED (SELECT ${titledColumns} FROM search_match m WHERE false)`;
      // Read only when the titled documents do not fill the page (LIMIT 0 reads nothing).
      const rest = `${whereMatch} AND ${inHead} AND NOT ${titledBy ?? 'false'}`;
      const fill = `LIMIT greatest(0, ${need} - (SELECT count(*) FROM titled))`;
      const ranked = text.docNumberKey
        ? // A number query: few head matches, ranked from the wide rows, which know the exact number.
          `unranked AS MATERIALIZED (
             SELECT m.document_id, m.status_rank, m.published_on FROM search_match m ${rest}
           ), ranked AS MATERIALIZED (
             SELECT m.document_id, m.status_rank, m.published_on, ${exact} AS exact, 0 AS tier,
               ${this.wideRank(text, allMatched, bind)} AS rank
             FROM unranked m JOIN search_document s USING (document_id)
             ORDER BY exact DESC, rank DESC, ${sortedStatic('m')} ${fill}
           )`
        : `ranked AS MATERIALIZED (
             SELECT m.document_id, m.status_rank, m.published_on, false AS exact, 0 AS tier,
               ${this.narrowRank(text, allMatched, bind)} AS rank
             FROM search_match m ${rest}
             ORDER BY rank DESC, ${sortedStatic('m')} ${fill}
           )`;
      const bodyOnly = allMatched ? text.terms.length * WEIGHT.body : 0;
      candidates = `${titled}, ${ranked}, candidates AS (
         SELECT * FROM titled
         UNION ALL
         SELECT * FROM ranked
         UNION ALL
         (SELECT m.document_id, m.status_rank, m.published_on, false, 0, ${bodyOnly}::real
          FROM search_match m
          -- Read only when the head matches did not fill the page: titled and ranked then hold all of them.
          ${whereMatch} AND m.document_id NOT IN (SELECT document_id FROM titled UNION ALL SELECT document_id FROM ranked)
          ORDER BY ${sortedStatic('m')}
          LIMIT greatest(0, ${need} - (SELECT count(*) FROM titled) - (SELECT count(*) FROM ranked)))
       )`;
    } else {
      const by = query.sort === 'relevance' ? staticOrder('m') : order('m');
      const columns = `m.document_id, m.status_rank, m.published_on, false AS exact, 0 AS tier, 0::real AS rank`;
      // Found through the index, then ordered: an index walk in date order chosen by the planner would test
      // each row's out-of-line vector on the way (published_on + 0 is not what the index is on).
      const sorted = `SELECT ${columns} FROM search_match m ${whereMatch}
         ORDER BY ${tsquery === null ? by : by.replace('m.published_on', '(m.published_on + 0)')}`;
      candidates =
        query.sort === 'publishedOn' || tsquery === null
          ? `candidates AS MATERIALIZED (${sorted} LIMIT ${need})`
          : walkOr('candidates', by, matches.join(' AND '), columns, sorted);
    }
    const needles = this.needles(text, bind);
    const { hits } = await this.readHits(
      `${candidates}, page AS (
         SELECT * FROM candidates c ORDER BY ${order('c')} LIMIT ${limit} OFFSET ${offset}
       )`,
      order('l'),
      needles,
      params,
    );
    return { total: counted.total, hits, facets: counted.facets, matching: 'all' };
  }

  /** The excerpt's needles as bound parameters (see excerptNeedles). */
  private needles(text: TextQuery | null, bind: (v: unknown) => string): { terms: string; bigrams: string } {
    const { terms, bigrams } = excerptNeedles(text?.words ?? []);
    return { terms: bind(terms), bigrams: bind(bigrams) };
  }

  /**
   * The hits of a page: `pages` defines `page` (document_id and what `orderBy` sorts by), joined here to the
   * wide rows for what a hit shows and the body's excerpt around the first match.
   */
  private async readHits(
    pages: string,
    orderBy: string,
    needles: { terms: string; bigrams: string },
    params: unknown[],
    resident?: { name: string },
  ): Promise<{ hits: EngineHit[]; generation?: string }> {
    const [row] = await this.planned<{ hits: HitRow[]; generation?: string }>(
      `WITH ${pages}, bodies AS MATERIALIZED (
         -- Each body is read (decompressed) once here, not once per term looked for in it.
         SELECT p.*, s.title, s.doc_number, s.issuer, s.category, s.status, s.published_on AS shown_on,
           s.body || '' AS body
         FROM page p JOIN search_document s USING (document_id)
       ), located AS MATERIALIZED (
         -- Materialized: the first match is looked for once per body, not once per use of hit_at below.
         SELECT b.*, coalesce(
             (SELECT min(i) FROM unnest(${needles.terms}::text[]) AS n, strpos(b.body, n) AS i WHERE i > 0),
             (SELECT min(i) FROM unnest(${needles.bigrams}::text[]) AS n, strpos(b.body, n) AS i WHERE i > 0)
           ) AS hit_at
         FROM bodies b
       )
       SELECT coalesce(json_agg(json_build_object(
           'id', l.document_id, 'title', l.title, 'docNumber', l.doc_number, 'issuer', l.issuer,
           'category', l.category, 'status', l.status, 'publishedOn', l.shown_on,
           'excerpt', left(e.text, ${EXCERPT_LENGTH}),
           'excerpt_from', e.from_char,
           -- One character more than the excerpt tells whether the body goes on (length(body) would count it all).
           'at_end', length(e.text) <= ${EXCERPT_LENGTH}
         ) ORDER BY ${orderBy}), '[]') AS hits
         ${resident ? `, ${GENERATION_SQL} AS generation` : ''}
       FROM located l,
         LATERAL (SELECT greatest(1, coalesce(l.hit_at, 1) - ${EXCERPT_BEFORE}) AS from_char) f,
         LATERAL (SELECT f.from_char, substr(l.body, f.from_char, ${EXCERPT_LENGTH + 1}) AS text) e`,
      params,
      resident?.name,
    );
    const hits = row.hits.map(({ excerpt, excerpt_from, at_end, ...hit }) => ({
      ...hit,
      excerpt: { text: excerpt, atStart: excerpt_from === 1, atEnd: at_end },
    }));
    return { hits, generation: row.generation };
  }

  /**
   * A search answered by the resident index (counts, facets and the page's order), PostgreSQL reading only
   * the page's rows; undefined when the resident index has no snapshot, or its snapshot turned out stale.
   */
  private async searchResident(query: SearchQuery, text: TextQuery | null): Promise<EngineResult | undefined> {
    let answer = await this.resident!.search(query, text, 'all');
    let matching: TermMatching = 'all';
    // Nobody has every term: what has any of them, as run() does (from the same snapshot).
    if (answer?.total === 0 && text?.any) {
      const all = answer;
      answer = await this.resident!.search(query, text, 'any');
      matching = 'any';
      if (answer?.generation !== all.generation) return undefined;
    }
    if (!answer) return undefined;
    if (!answer.ids.length) {
      return (await this.resident!.confirm(answer))
        ? { total: answer.total, hits: [], facets: answer.facets, matching }
        : undefined;
    }
    const { params, bind } = parameters();
    const { hits, generation } = await this.readHits(
      // (A document removed since the snapshot has no wide row: the join in readHits leaves it out, and the
      // generation read with the rows tells the answer is stale.)
      `page AS (SELECT u.document_id, u.pos FROM unnest(${bind(answer.ids)}::uuid[]) WITH ORDINALITY AS u(document_id, pos))`,
      'l.pos',
      this.needles(text, bind),
      params,
      // Always the same text: prepared once per connection, not planned for every search.
      { name: 'resident-page' },
    );
    // The generation read with the page's rows: the answer stands if nothing changed since the snapshot.
    return (await this.resident!.confirm(answer, generation))
      ? { total: answer.total, hits, facets: answer.facets, matching }
      : undefined;
  }

  /** The filters (narrow columns) and, with the text condition, everything a match must meet. */
  private conditions(
    query: SearchQuery,
    tsquery: string | null,
    bind: (v: unknown) => string,
  ): { filters: string[]; matches: string[] } {
    const filters: string[] = [];
    const f = query.filters;
    if (f.category) filters.push(`m.category_code = ${bind(FACET_CATEGORIES.indexOf(f.category) + 1)}::smallint`);
    if (f.status) filters.push(`m.status_code = ${bind(FACET_STATUSES.indexOf(f.status) + 1)}::smallint`);
    if (f.issuer) filters.push(`m.issuer_code = (SELECT code FROM search_issuer WHERE name = ${bind(f.issuer)})`);
    if (f.year !== undefined) filters.push(`m.published_year = ${bind(f.year)}::smallint`);
    if (f.from) filters.push(`m.published_on >= ${bind(f.from)}::date`);
    if (f.to) filters.push(`m.published_on <= ${bind(f.to)}::date`);
    // The filters first: a row walked in order is tested on its narrow columns before its vector is read.
    return { filters, matches: tsquery === null ? filters : [...filters, `m.tsv @@ ${bind(tsquery)}::tsquery`] };
  }

  /** Total and facets of every match, and the number of rows in the index (for choosing how to find the page). */
  private async countMatches(
    query: SearchQuery,
    tsquery: string | null,
  ): Promise<{ total: number; facets: SearchFacets; rows: number }> {
    const { params, bind } = parameters();
    const { matches } = this.conditions(query, tsquery, bind);
    const categories = bind(FACET_CATEGORIES);
    const statuses = bind(FACET_STATUSES);
    const facet = (value: string, from = 'groups g') =>
      `(SELECT coalesce(json_object_agg(v, n), '{}') FROM (SELECT ${value} AS v, sum(g.n) AS n FROM ${from} GROUP BY 1) f WHERE v IS NOT NULL)`;
    const [row] = await this.planned<SearchFacets & { total: number; rows: number }>(
      `WITH groups AS MATERIALIZED (
         SELECT m.facet_key AS key, count(*) AS n FROM search_match m
         ${matches.length ? `WHERE ${matches.join(' AND ')}` : ''} GROUP BY m.facet_key
       )
       SELECT
         (SELECT coalesce(sum(n), 0) FROM groups)::int AS total,
         greatest((SELECT reltuples FROM pg_class WHERE oid = 'search_match'::regclass), 1)::float8 AS rows,
         ${facet(`(${categories}::text[])[g.key >> 48]`)} AS category,
         ${facet(`(${statuses}::text[])[(g.key >> 44) & 15]`)} AS status,
         ${facet('i.name', 'groups g JOIN search_issuer i ON i.code = g.key & 4294967295')} AS issuer,
         ${facet('nullif((g.key >> 32) & 4095, 0)')} AS year`,
      params,
    );
    const { total, rows, ...facets } = row;
    return { total, rows, facets };
  }
}

/** Values for a statement's placeholders, bound in the order the statement is written. */
function parameters(): { params: unknown[]; bind: (value: unknown) => string } {
  const params: unknown[] = [];
  return {
    params,
    bind: (value) => {
      params.push(value);
      return `$${params.length}`;
    },
  };
}

export function emptyFacets(): SearchFacets {
  return { category: {}, status: {}, issuer: {}, year: {} };
}
