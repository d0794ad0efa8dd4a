import { Logger } from '@nestjs/common';
import type pg from 'pg';
import type { SearchFacets, SearchQuery } from '../search-engine.js';
import { docNumberLexeme, quoteLexeme, type TextQuery } from './pg-text-search.js';

/**
 * The resident index: what the PostgreSQL engine needs to count, facet and order the matches of a search,
 * held in the application's memory and read from PostgreSQL, which stays the only place the index is
 * written to.
 *
 * A broad word matches most of the library; counting its matches per facet value inside PostgreSQL costs
 * about half a microsecond a match (the GIN lists, the narrow heap, the grouping), tens of milliseconds a
 * search. Here the same work is a few word-wide AND/OR operations on bitsets and one pass over the
 * matches, well under a millisecond, and PostgreSQL is asked only for the page's rows.
 *
 * - A **snapshot** holds, for each indexed document, its facet values, its lower-cased title and names (as
 *   in `search_match`) and its places in the three orders a page can be read in. Documents are numbered by
 *   their place in the static order (status rank, newest first, id), so a bitset read from its lowest bit up
 *   lists its documents in that order.
 * - A **lexeme's match list** (the documents whose vector, or whose head, holds the lexeme) is read once,
 *   when a search first needs it, through the GIN index, and kept as a bitset while memory allows (least
 *   recently used lists go first).
 * - A snapshot is tagged with the index generation it was read at (`search_index_generation`, advanced
 *   after every committed change). Every answer is checked against the generation read with the page's
 *   rows (or on its own when there is no page to read): if it has moved, the answer is thrown away, the
 *   snapshot dropped, the search answered by PostgreSQL alone, and a new snapshot read in the background.
 *   So a change shows in search as soon as it does without the resident index.
 *
 * A query for a 发文字号 is one lexeme (`dn:` and the number's key): the documents citing the number hold it
 * anywhere, the documents bearing it hold it in their head, so both lists rank such a query here too.
 */

/** Bytes of match lists kept; beyond this, the least recently used go. */
const POSTINGS_BUDGET_BYTES = 128 * 1024 * 1024;
/**
 * A stale snapshot is re-read at most once per RELOAD_SPACING × the last read's time (at least
 * MIN_RELOAD_INTERVAL_MS); each snapshot that went stale before answering anything doubles that, up to
 * MAX_RELOAD_INTERVAL_MS (an import or a rebuild changes the index many times a second).
 */
const RELOAD_SPACING = 4;
const MIN_RELOAD_INTERVAL_MS = 1_000;
const MAX_RELOAD_INTERVAL_MS = 30_000;

/**
 * Field weights of a matching term, in tenths (whole numbers add up exactly): in the title, in the 发文字号 or
 * issuers, in the summary, keywords or topic, only in the body; and the bonus when the query is the issuer's
 * name. PostgresSearchEngine ranks with the same weights.
 */
export const RANK_TENTHS = { A: 10, B: 4, C: 2, body: 1, phrase: 20 };

type Bits = Uint32Array;

/** Uint32 words of a bitset over n documents. */
const bitsetLength = (n: number) => Math.ceil(n / 32) || 1;

function and(a: Bits, b: Bits): Bits {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] & b[i];
  return out;
}

function or(a: Bits, b: Bits): Bits {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] | b[i];
  return out;
}

function andNot(a: Bits, b: Bits): Bits {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] & ~b[i];
  return out;
}

const has = (bits: Bits, i: number) => (bits[i >>> 5] & (1 << (i & 31))) !== 0;

/** The number of set bits. */
function popcount(bits: Bits): number {
  let n = 0;
  for (let i = 0; i < bits.length; i++) {
    let x = bits[i] - ((bits[i] >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    n += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return n;
}

/**
 * Adds each set bit's group (`group[place]`) to `perGroup`, noting in `seen` the groups met for the first
 * time; returns the number of set bits. The hottest loop of a search: written out, no callback.
 */
function countGroups(bits: Bits, group: Uint32Array, perGroup: Uint32Array, seen?: number[]): number {
  let total = 0;
  for (let w = 0; w < bits.length; w++) {
    for (let x = bits[w]; x !== 0;) {
      const low = x & -x;
      const g = group[(w << 5) + 31 - Math.clz32(low)];
      if (perGroup[g]++ === 0) seen?.push(g);
      total++;
      x ^= low;
    }
  }
  return total;
}

/** Calls `visit` with each set bit, lowest first, until it returns false. */
function forEachBit(bits: Bits, visit: (i: number) => boolean | void): void {
  for (let w = 0; w < bits.length; w++) {
    let x = bits[w];
    while (x !== 0) {
      const low = x & -x;
      if (visit((w << 5) + 31 - Math.clz32(low)) === false) return;
      x ^= low;
    }
  }
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
const dayNumber = (date: string) =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

/** The facet value lists codes stand for (position + 1), as in PostgresSearchEngine. */
export interface FacetCodes {
  categories: readonly string[];
  statuses: readonly string[];
}

/** What a search needs from the resident index: the page's document ids, in order, and the counts. */
export interface ResidentAnswer {
  total: number;
  facets: SearchFacets;
  ids: string[];
  /** The index generation the answer is right for (see ResidentIndex.confirm). */
  generation: string;
}

/** The current index generation, as one text value. */
export const GENERATION_SQL = `(SELECT (CASE WHEN is_called THEN last_value ELSE 0 END)::text FROM search_index_generation)`;

/** Rows of a snapshot read per FETCH: between two, the event loop serves searches. */
const SNAPSHOT_BATCH_ROWS = 5_000;

/**
 * A snapshot row's fixed-width part, packed by PostgreSQL into one bytea (big-endian): doc_no int4,
 * document_id (16 bytes), category int2, status int2, issuer int4, year int2 (0: none), day int4
 * (NO_DATE: none), status rank int2.
 */
const SNAPSHOT_ROW_SQL = `SELECT int4send(m.doc_no) || uuid_send(m.document_id) || int2send(m.category_code)
    || int2send(m.status_code) || int4send(m.issuer_code) || int2send(coalesce(m.published_year, 0::smallint))
    || int4send(coalesce(m.published_on - date '1970-01-01', -2147483648)) || int2send(m.status_rank),
    m.title_lower, m.names_lower
  FROM search_match m
  ORDER BY m.status_rank DESC, m.published_on DESC NULLS LAST, m.document_id`;

class Snapshot {
  /** Document ids as uuid bytes, 16 a place. */
  private readonly idBytes: Buffer;
  readonly titles: string[] = [];
  readonly names: string[] = [];
  readonly category: Uint8Array;
  readonly status: Uint8Array;
  readonly year: Uint16Array;
  readonly issuer: Int32Array;
  /** Days since 1970 of published_on; NO_DATE when there is none. */
  readonly day: Int32Array;
  /** Document numbers (static order) newest first / oldest first, undated last, then by id. */
  readonly newestFirst: Int32Array;
  readonly oldestFirst: Int32Array;
  /** Each document's place in newestFirst. */
  readonly newestRank: Int32Array;
  /** Each document's facet group (its category, status, year and issuer together). */
  readonly group: Uint32Array;
  readonly groups: { category: number; status: number; year: number; issuer: number }[] = [];
  /** The number of documents in each facet group. */
  groupSize = new Uint32Array(0);
  /**
   * search_match.doc_no → place in the static order + 1 (0: not in this snapshot): an array indexed by
   * number while numbers stay near the number of documents (they are kept while a document is indexed),
   * a map should they ever spread far beyond it.
   */
  readonly placeOf: Int32Array | Map<number, number>;
  /** The documents of each category, status, issuer and year code (filters). */
  readonly byCategory = new Map<number, Bits>();
  readonly byStatus = new Map<number, Bits>();
  readonly byIssuer = new Map<number, Bits>();
  readonly byYear = new Map<number, Bits>();
  readonly issuerByName = new Map<string, number>();
  readonly issuerByLowerName = new Map<string, number>();
  readonly issuerName = new Map<number, string>();
  readonly everything: Bits;
  /** Match lists by 'a:'/'h:' + lexeme (the whole vector / the head), least recently used first. */
  readonly postings = new Map<string, Bits>();
  postingBytes = 0;
  /** Whether an answer from this snapshot has been confirmed current. */
  used = false;
  /** Match lists being read, so that searches needing the same one at once share one read. */
  readonly reading = new Map<string, Promise<Bits>>();

  static readonly NO_DATE = -2_147_483_648;

  // While rows are added: how many, each one's status rank, the facet groups by key, names seen.
  private filled = 0;
  private rank: Uint16Array | undefined;
  private groupOf: Map<number, number> | undefined = new Map();
  private sameNames: Map<string, string> | undefined = new Map();

  /**
   * @param size the number of documents (rows added must come to exactly this)
   * @param highestDocNo the highest search_match.doc_no among them
   */
  constructor(
    readonly generation: string,
    readonly size: number,
    highestDocNo: number,
    issuers: { code: number; name: string; lower: string }[],
  ) {
    const n = size;
    this.idBytes = Buffer.alloc(16 * n);
    this.category = new Uint8Array(n);
    this.status = new Uint8Array(n);
    this.year = new Uint16Array(n);
    this.issuer = new Int32Array(n);
    this.day = new Int32Array(n);
    this.newestFirst = new Int32Array(n);
    this.oldestFirst = new Int32Array(n);
    this.newestRank = new Int32Array(n);
    this.group = new Uint32Array(n);
    this.rank = new Uint16Array(n);
    this.placeOf = highestDocNo <= 4 * n + 1_000_000 ? new Int32Array(highestDocNo + 1) : new Map<number, number>();
    this.everything = new Uint32Array(bitsetLength(n));
    for (let i = 0; i < n; i++) this.everything[i >>> 5] |= 1 << (i & 31);
    for (const i of issuers) {
      this.issuerByName.set(i.name, i.code);
      this.issuerByLowerName.set(i.lower, i.code);
      this.issuerName.set(i.code, i.name);
    }
  }

  /** Adds the next rows of the static order (SNAPSHOT_ROW_SQL). */
  add(rows: [Buffer, string, string][]): void {
    if (this.filled + rows.length > this.size) throw new Error('more rows than the snapshot was sized for');
    const bits = bitsetLength(this.size);
    const mark = (index: Map<number, Bits>, code: number, place: number) => {
      let set = index.get(code);
      if (!set) index.set(code, (set = new Uint32Array(bits)));
      set[place >>> 5] |= 1 << (place & 31);
    };
    for (const [fixed, title, names] of rows) {
      const place = this.filled++;
      const docNo = fixed.readInt32BE(0);
      fixed.copy(this.idBytes, place * 16, 4, 20);
      const category = fixed.readInt16BE(20);
      const status = fixed.readInt16BE(22);
      const issuer = fixed.readInt32BE(24);
      const year = fixed.readInt16BE(28);
      if (this.placeOf instanceof Map) this.placeOf.set(docNo, place + 1);
      else this.placeOf[docNo] = place + 1;
      mark(this.byCategory, category, place);
      mark(this.byStatus, status, place);
      mark(this.byIssuer, issuer, place);
      mark(this.byYear, year, place);
      this.titles.push(title);
      // Names repeat across documents (an issuer and its co-issuers): kept once.
      let same = this.sameNames!.get(names);
      if (same === undefined) this.sameNames!.set(names, (same = names));
      this.names.push(same);
      this.category[place] = category;
      this.status[place] = status;
      this.issuer[place] = issuer;
      this.year[place] = year;
      this.day[place] = fixed.readInt32BE(30);
      this.rank![place] = fixed.readInt16BE(34);
      // A number, not a string: category and status < 256, year < 65536, issuer codes well under 2^21.
      const key = ((issuer * 65_536 + year) * 256 + status) * 256 + category;
      let g = this.groupOf!.get(key);
      if (g === undefined) {
        g = this.groups.length;
        this.groupOf!.set(key, g);
        this.groups.push({ category, status, year, issuer });
      }
      this.group[place] = g;
    }
  }

  /**
   * Once every row is in: the date orders. The static order is, within each status rank, already newest
   * first and then by id, so newest first is a merge of those few runs; oldest first is newest first with
   * its days taken from the other end (within a day still by id), undated documents last in both.
   */
  finish(): this {
    if (this.filled !== this.size) throw new Error(`snapshot has ${this.filled} of ${this.size} rows`);
    const n = this.size;
    const rank = this.rank!;
    const day = this.day;
    const ids = this.idBytes;
    const heads: number[] = [];
    const ends: number[] = [];
    for (let place = 0; place < n; place++) {
      if (place === 0 || rank[place] !== rank[place - 1]) {
        if (place > 0) ends.push(place);
        heads.push(place);
      }
    }
    if (n > 0) ends.push(n);
    // a before b: the later day (NO_DATE, the least number, last), then the lower id (uuid order: bytes).
    const before = (a: number, b: number) =>
      day[a] !== day[b] ? day[a] > day[b] : ids.compare(ids, b * 16, b * 16 + 16, a * 16, a * 16 + 16) < 0;
    for (let out = 0; out < n; out++) {
      let best = -1;
      for (let r = 0; r < heads.length; r++) {
        if (heads[r] < ends[r] && (best < 0 || before(heads[r], heads[best]))) best = r;
      }
      this.newestRank[heads[best]] = out;
      this.newestFirst[out] = heads[best]++;
    }
    let undated = n;
    while (undated > 0 && day[this.newestFirst[undated - 1]] === Snapshot.NO_DATE) undated--;
    let out = 0;
    for (let end = undated; end > 0;) {
      let start = end - 1;
      while (start > 0 && day[this.newestFirst[start - 1]] === day[this.newestFirst[end - 1]]) start--;
      for (let k = start; k < end; k++) this.oldestFirst[out++] = this.newestFirst[k];
      end = start;
    }
    for (let k = undated; k < n; k++) this.oldestFirst[out++] = this.newestFirst[k];
    this.groupSize = new Uint32Array(this.groups.length);
    for (let place = 0; place < n; place++) this.groupSize[this.group[place]]++;
    this.rank = undefined;
    this.groupOf = undefined;
    this.sameNames = undefined;
    return this;
  }

  /** The document id at a place, as text. */
  id(place: number): string {
    const hex = this.idBytes.toString('hex', place * 16, place * 16 + 16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** A match list from `search_match.doc_no` values (big-endian int4s), as a bitset of static-order places. */
  bitsFrom(docNos: Buffer | null): Bits {
    const bits = new Uint32Array(bitsetLength(this.size));
    if (docNos) {
      for (let o = 0; o + 4 <= docNos.length; o += 4) {
        // A document indexed after this snapshot was read is not in it (the next snapshot will have it).
        const docNo = docNos.readInt32BE(o);
        const place = ((this.placeOf instanceof Map ? this.placeOf.get(docNo) : this.placeOf[docNo]) ?? 0) - 1;
        if (place >= 0) bits[place >>> 5] |= 1 << (place & 31);
      }
    }
    return bits;
  }

  posting(key: string): Bits | undefined {
    const bits = this.postings.get(key);
    if (bits) {
      // Most recently used last.
      this.postings.delete(key);
      this.postings.set(key, bits);
    }
    return bits;
  }

  keep(key: string, bits: Bits, budget: number): void {
    if (this.postings.has(key)) return;
    this.postings.set(key, bits);
    this.postingBytes += bits.byteLength;
    for (const [old, oldBits] of this.postings) {
      if (this.postingBytes <= budget) break;
      this.postings.delete(old);
      this.postingBytes -= oldBits.byteLength;
    }
  }
}

/**
 * The lexemes of each term of a text query: the term itself, or all of its covering bigrams; for a 发文字号,
 * the number's own lexeme (as the query's tsquery has it).
 */
const termLexemes = (text: TextQuery) =>
  text.docNumberKey
    ? [{ word: docNumberLexeme(text.docNumberKey), cover: [] }]
    : text.words.map((word, i) => ({ word, cover: text.covers[i] }));

export class ResidentIndex {
  private snapshot: Snapshot | undefined;
  private loading: Promise<void> | undefined;
  private lastLoad = { startedAt: -Infinity, ms: 0 };
  /** Doubles for each snapshot dropped before it answered a search; back to 1 when one does. */
  private backoff = 1;
  /** Whether the last read failed (a failure is logged once, not at every retry). */
  private failing = false;
  private readonly logger = new Logger('ResidentIndex');
  private closed = false;

  /**
   * @param readers the connections to read with (the engine's search pool)
   * @param awaitLoad read a missing or stale snapshot before answering instead of in the background (tests)
   * @param budgetBytes match lists kept at most (POSTINGS_BUDGET_BYTES)
   */
  constructor(
    private readonly readers: () => pg.Pool,
    private readonly codes: FacetCodes,
    private readonly awaitLoad = false,
    private readonly budgetBytes = POSTINGS_BUDGET_BYTES,
  ) {}

  /** Searches that were answered from the resident index (for tests and diagnostics). */
  answered = 0;

  /**
   * Total, facets and the page's ids for a word query or filters alone, from the snapshot; undefined when
   * there is none (PostgreSQL must answer). The answer stands only once confirmed against the generation.
   */
  async search(query: SearchQuery, text: TextQuery | null, mode: 'all' | 'any'): Promise<ResidentAnswer | undefined> {
    const snap = await this.current();
    if (!snap) return undefined;
    const lists = await this.matchLists(snap, text);
    return this.answer(snap, lists, query, text, mode);
  }

  /**
   * The snapshot read under way, when searches would do better to wait for it than to go to PostgreSQL
   * alone: the last read took a second or more (or none has finished yet), which is when PostgreSQL alone
   * takes long for a broad word and many such searches at once slow the read itself.
   */
  worthWaitingFor(): Promise<void> | undefined {
    return this.lastLoad.ms >= 1_000 || this.lastLoad.startedAt === -Infinity ? this.loading : undefined;
  }

  /** Starts reading a snapshot now (in the background), rather than at the first search. */
  warmUp(): void {
    if (!this.closed && !this.snapshot) void this.reload();
  }

  /**
   * Whether an answer is right for `generation`, the index generation read after it (read here when not
   * given). If not, the snapshot is dropped and a new one read: the caller asks PostgreSQL instead.
   */
  async confirm(answer: ResidentAnswer, generation?: string): Promise<boolean> {
    const now =
      generation ??
      (
        (await this.readers().query({ name: 'resident-generation', text: `SELECT ${GENERATION_SQL} AS g` }))
          .rows[0] as {
          g: string;
        }
      ).g;
    if (now === answer.generation) {
      this.answered++;
      if (this.snapshot?.generation === answer.generation) this.snapshot.used = true;
      this.backoff = 1;
      return true;
    }
    if (this.snapshot?.generation === answer.generation) {
      if (!this.snapshot.used) this.backoff *= 2;
      this.snapshot = undefined;
    }
    void this.reload();
    return false;
  }

  /** The snapshot; when there is none, starts (or with awaitLoad, waits for) reading one. */
  private async current(): Promise<Snapshot | undefined> {
    if (this.closed) return undefined;
    if (this.snapshot) return this.snapshot;
    const load = this.reload();
    if (this.awaitLoad) {
      await load;
      return this.snapshot;
    }
    return undefined;
  }

  /** Reads a new snapshot, one at a time, and not more often than the reload interval (see RELOAD_SPACING). */
  private reload(): Promise<void> {
    if (this.loading) return this.loading;
    const since = performance.now() - this.lastLoad.startedAt;
    const interval = Math.min(
      MAX_RELOAD_INTERVAL_MS,
      this.backoff * Math.max(MIN_RELOAD_INTERVAL_MS, RELOAD_SPACING * this.lastLoad.ms),
    );
    if (!this.awaitLoad && since < interval) return Promise.resolve();
    const startedAt = performance.now();
    this.loading = this.read()
      .then((snap) => {
        if (this.closed) return;
        this.snapshot = snap;
        if (this.failing) this.logger.log('snapshot read again; searches use the resident index');
        this.failing = false;
        this.logger.debug(
          `snapshot of ${snap.size} documents at generation ${snap.generation} read in ${Math.round(performance.now() - startedAt)} ms`,
        );
      })
      // Not reading a snapshot only means searches keep going to PostgreSQL (which reports its own errors).
      .catch((e: unknown) => {
        if (this.closed || this.failing) return;
        this.failing = true;
        this.logger.warn(`snapshot not read, searches go to PostgreSQL alone until it is: ${(e as Error).message}`);
      })
      .finally(() => {
        this.lastLoad = { startedAt, ms: performance.now() - startedAt };
        this.loading = undefined;
      });
    return this.loading;
  }

  /**
   * Reads a snapshot in one read-only transaction (one consistent view), the rows in batches through a
   * cursor walking the static-order index: nothing is sorted, and the event loop serves searches between
   * batches.
   */
  private async read(): Promise<Snapshot> {
    return this.inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY', async (client) => {
      // The generation first: the rows read after it are at least that new, so the tag never claims more.
      const [{ g }] = (await client.query(`SELECT ${GENERATION_SQL} AS g`)).rows as { g: string }[];
      const issuers = (await client.query(`SELECT code, name, lower(name) AS lower FROM search_issuer`)).rows as {
        code: number;
        name: string;
        lower: string;
      }[];
      const [{ n, highest }] = (
        await client.query(`SELECT count(*)::int AS n, coalesce(max(doc_no), 0) AS highest FROM search_match`)
      ).rows as { n: number; highest: number }[];
      const snap = new Snapshot(g, n, highest, issuers);
      await client.query(`DECLARE resident_rows NO SCROLL CURSOR FOR ${SNAPSHOT_ROW_SQL}`);
      for (;;) {
        if (this.closed) throw new Error('the search engine is closing');
        const { rows } = await client.query({
          text: `FETCH ${SNAPSHOT_BATCH_ROWS} FROM resident_rows`,
          rowMode: 'array',
        });
        if (!rows.length) break;
        snap.add(rows as [Buffer, string, string][]);
      }
      return snap.finish();
    });
  }

  /** Runs `work` on one connection inside a transaction opened by `begin` (with its settings). */
  private async inTransaction<T>(begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.readers().connect();
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (e) {
      // A connection whose transaction cannot be ended is not given back to the pool.
      const ended = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      client.release(ended ? undefined : (e as Error));
      throw e;
    }
  }

  /**
   * The match lists the query needs: those the snapshot holds (taken now, so that another search evicting
   * them meanwhile changes nothing here) and, read in one statement, those it does not hold yet.
   */
  private async matchLists(snap: Snapshot, text: TextQuery | null): Promise<Map<string, Bits>> {
    const lists = new Map<string, Bits>();
    if (!text) return lists;
    const missing = new Set<string>();
    const elsewhere: Promise<void>[] = [];
    for (const { word, cover } of termLexemes(text)) {
      for (const lexeme of [word, ...cover]) {
        for (const key of [`a:${lexeme}`, `h:${lexeme}`]) {
          const bits = snap.posting(key);
          const reading = snap.reading.get(key);
          if (bits) lists.set(key, bits);
          else if (reading) elsewhere.push(reading.then((b) => void lists.set(key, b)));
          else missing.add(key);
        }
      }
    }
    await Promise.all([missing.size ? this.readLists(snap, [...missing], lists) : undefined, ...elsewhere]);
    return lists;
  }

  /** Reads match lists in one statement, announcing them to other searches until they are read. */
  private async readLists(snap: Snapshot, keys: string[], lists: Map<string, Bits>): Promise<void> {
    const read = this.fetchLists(snap, keys);
    for (const key of keys) {
      const one = read.then((all) => all.get(key)!);
      one.catch(() => undefined); // a failed read is reported to the searches that await it
      snap.reading.set(key, one);
    }
    const done = () => keys.forEach((key) => snap.reading.delete(key));
    read.then(done, done);
    for (const [key, bits] of await read) lists.set(key, bits);
  }

  private async fetchLists(snap: Snapshot, keys: string[]): Promise<Map<string, Bits>> {
    const read = new Map<string, Bits>();
    // On the engine's search connections, planned with enable_seqscan off: through the GIN index even
    // for a word most documents hold, not a scan decompressing every row's vector.
    const { rows } = await this.readers().query(
      `SELECT CASE WHEN u.head
           THEN (SELECT string_agg(int4send(m.doc_no), ''::bytea) FROM search_match m WHERE m.head_lex @@ u.q::tsquery)
           ELSE (SELECT string_agg(int4send(m.doc_no), ''::bytea) FROM search_match m WHERE m.tsv @@ u.q::tsquery)
         END AS doc_nos
       FROM unnest($1::text[], $2::boolean[]) WITH ORDINALITY AS u(q, head, i) ORDER BY u.i`,
      [keys.map((k) => quoteLexeme(k.slice(2))), keys.map((k) => k.startsWith('h:'))],
    );
    keys.forEach((key, i) => {
      const bits = snap.bitsFrom((rows[i] as { doc_nos: Buffer | null }).doc_nos);
      read.set(key, bits);
      snap.keep(key, bits, this.budgetBytes);
    });
    return read;
  }

  /** The documents matching one term: its own lexeme, or every one of its covering bigrams. */
  private termBits(lists: Map<string, Bits>, prefix: 'a:' | 'h:', word: string, cover: string[]): Bits {
    const get = (lexeme: string) => lists.get(prefix + lexeme)!;
    let bits = get(word);
    if (cover.length) {
      let all = get(cover[0]);
      for (const c of cover.slice(1)) all = and(all, get(c));
      bits = or(bits, all);
    }
    return bits;
  }

  private answer(
    snap: Snapshot,
    lists: Map<string, Bits>,
    query: SearchQuery,
    text: TextQuery | null,
    mode: 'all' | 'any',
  ): ResidentAnswer {
    const terms = text ? termLexemes(text) : [];
    // The matches: every term (or, when nobody has them all, any term) anywhere in the document.
    let matched = snap.everything;
    if (terms.length) {
      const each = terms.map((t) => this.termBits(lists, 'a:', t.word, t.cover));
      matched = each.reduce((a, b) => (mode === 'all' ? and(a, b) : or(a, b)));
    }
    const unfiltered = matched;
    matched = this.filter(snap, query, matched);

    // Total and facets: one pass over the matches, counting facet groups. When most of the library
    // matches (and no filter narrowed it), the documents that do not match are fewer: they are counted
    // and taken from each group's size.
    const perGroup = new Uint32Array(snap.groups.length);
    const seen: number[] = [];
    let total: number;
    if (matched === unfiltered && popcount(matched) * 2 > snap.size) {
      const missed = countGroups(andNot(snap.everything, matched), snap.group, perGroup);
      total = snap.size - missed;
      for (let g = 0; g < perGroup.length; g++) {
        perGroup[g] = snap.groupSize[g] - perGroup[g];
        if (perGroup[g] > 0) seen.push(g);
      }
    } else {
      total = countGroups(matched, snap.group, perGroup, seen);
    }
    const facets = this.facets(snap, perGroup, seen);

    const needed = query.page * query.pageSize;
    const order: number[] = [];
    if (total > 0) {
      if (query.sort !== 'relevance' && total * 64 < snap.size) {
        // Few matches: sorted by date themselves rather than found along the whole date order.
        const places: number[] = [];
        forEachBit(matched, (i) => void places.push(i));
        const { newestRank: rank, day } = snap;
        const NO_DATE = Snapshot.NO_DATE;
        places.sort(
          query.sort === '-publishedOn'
            ? (a, b) => rank[a] - rank[b]
            : // Oldest first, undated last; within a day as newest first has them (by id).
              (a, b) =>
                day[a] === day[b]
                  ? rank[a] - rank[b]
                  : day[a] === NO_DATE
                    ? 1
                    : day[b] === NO_DATE
                      ? -1
                      : day[a] - day[b],
        );
        order.push(...places.slice(0, needed));
      } else if (query.sort !== 'relevance') {
        const by = query.sort === '-publishedOn' ? snap.newestFirst : snap.oldestFirst;
        for (let k = 0; k < by.length && order.length < needed; k++) if (has(matched, by[k])) order.push(by[k]);
      } else if (!text) {
        forEachBit(matched, take(order, needed));
      } else {
        this.relevanceOrder(snap, lists, text, terms, mode, matched, needed, order);
      }
    }
    const from = (query.page - 1) * query.pageSize;
    return {
      total,
      facets,
      ids: order.slice(from, from + query.pageSize).map((i) => snap.id(i)),
      generation: snap.generation,
    };
  }

  /**
   * Relevance, as PostgresSearchEngine.run orders word queries: documents whose title holds the whole query
   * (and whose head has a query word), in the static order; then the others with a query word in their
   * head, by narrowRank's weights, then the static order; then the rest (every word in the body only).
   */
  private relevanceOrder(
    snap: Snapshot,
    lists: Map<string, Bits>,
    text: TextQuery,
    terms: { word: string; cover: string[] }[],
    mode: 'all' | 'any',
    matched: Bits,
    needed: number,
    order: number[],
  ): void {
    if (text.docNumberKey) return this.numberOrder(snap, lists, text, terms[0].word, matched, needed, order);
    const inHeadEach = terms.map((t) => this.termBits(lists, 'h:', t.word, t.cover));
    const inHead = and(
      matched,
      inHeadEach.reduce((a, b) => or(a, b)),
    );
    const phrase = Array.from(text.phrase).length >= 2 ? text.phrase : null;
    if (phrase) {
      forEachBit(inHead, (i) => !snap.titles[i].includes(phrase) || order.push(i) < needed);
      if (order.length >= needed) return;
    }
    // Ranked: bucket by rank (few distinct values); within a bucket, places come in the static order.
    const bonusIssuer = snap.issuerByLowerName.get(text.phrase);
    const allMatched = mode === 'all';
    const single = terms.length === 1;
    const room = needed - order.length;
    const buckets = new Map<number, number[]>();
    // The highest rank a document here can have (a one-word query in the title made it titled): once that
    // many documents have it, the rest of the static order cannot come before them.
    const ceiling =
      (bonusIssuer === undefined ? 0 : RANK_TENTHS.phrase) +
      terms.reduce((sum, t) => sum + (single && phrase === t.word ? RANK_TENTHS.B : RANK_TENTHS.A), 0);
    forEachBit(inHead, (i) => {
      const title = snap.titles[i];
      if (phrase && title.includes(phrase)) return true;
      let rank = snap.issuer[i] === bonusIssuer ? RANK_TENTHS.phrase : 0;
      for (let t = 0; t < terms.length; t++) {
        const word = terms[t].word;
        if (title.includes(word)) rank += RANK_TENTHS.A;
        else if (snap.names[i].includes(word)) rank += RANK_TENTHS.B;
        else if (single || has(inHeadEach[t], i)) rank += RANK_TENTHS.C;
        else if (allMatched) rank += RANK_TENTHS.body;
      }
      const bucket = buckets.get(rank);
      if (!bucket) buckets.set(rank, [i]);
      else if (bucket.length < room) bucket.push(i);
      return rank < ceiling || (bucket?.length ?? 1) < room;
    });
    for (const rank of [...buckets.keys()].sort((a, b) => b - a)) {
      for (const i of buckets.get(rank)!) if (order.push(i) >= needed) return;
    }
    forEachBit(andNot(matched, inHead), take(order, needed));
  }

  /**
   * Relevance for a 发文字号, as PostgresSearchEngine.run orders one: the documents bearing the number (it is
   * in their head; their `doc_number_key` is the query's), those whose title holds the query as typed or
   * whose issuer it names first, each group in the static order; then the documents citing it.
   */
  private numberOrder(
    snap: Snapshot,
    lists: Map<string, Bits>,
    text: TextQuery,
    lexeme: string,
    matched: Bits,
    needed: number,
    order: number[],
  ): void {
    const bearing = and(matched, lists.get(`h:${lexeme}`)!);
    const bonusIssuer = snap.issuerByLowerName.get(text.phrase);
    const plain: number[] = [];
    forEachBit(bearing, (i) => {
      if (snap.titles[i].includes(text.phrase) || snap.issuer[i] === bonusIssuer) order.push(i);
      else plain.push(i);
    });
    for (const i of plain) if (order.push(i) >= needed) return;
    if (order.length < needed) forEachBit(andNot(matched, bearing), take(order, needed));
  }

  /** The matches that pass the query's filters (the same conditions as PostgresSearchEngine.conditions). */
  private filter(snap: Snapshot, query: SearchQuery, matched: Bits): Bits {
    const f = query.filters;
    const none = new Uint32Array(matched.length);
    let out = matched;
    const keep = (bits: Bits | undefined) => (out = and(out, bits ?? none));
    if (f.category) keep(snap.byCategory.get(this.codes.categories.indexOf(f.category) + 1));
    if (f.status) keep(snap.byStatus.get(this.codes.statuses.indexOf(f.status) + 1));
    if (f.issuer !== undefined) {
      const code = snap.issuerByName.get(f.issuer);
      keep(code === undefined ? none : snap.byIssuer.get(code));
    }
    // Year 0 stands for no date, which no year filter matches.
    if (f.year !== undefined) keep(f.year === 0 ? none : snap.byYear.get(f.year));
    if (f.from || f.to) {
      // Dated documents in date order: those in the range are one run of them.
      const from = f.from ? dayNumber(f.from) : -Infinity;
      const to = f.to ? dayNumber(f.to) : Infinity;
      const inRange = new Uint32Array(matched.length);
      const dates = snap.oldestFirst;
      let lo = 0;
      for (let hi = dates.length; lo < hi;) {
        const mid = (lo + hi) >>> 1;
        const day = snap.day[dates[mid]];
        if (day !== Snapshot.NO_DATE && day < from) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < dates.length; k++) {
        const place = dates[k];
        const day = snap.day[place];
        if (day === Snapshot.NO_DATE || day > to) break;
        inRange[place >>> 5] |= 1 << (place & 31);
      }
      keep(inRange);
    }
    return out;
  }

  private facets(snap: Snapshot, perGroup: Uint32Array, seen: number[]): SearchFacets {
    const facets: SearchFacets = { category: {}, status: {}, issuer: {}, year: {} };
    const add = (facet: Record<string, number>, value: string | undefined, n: number) => {
      if (value !== undefined) facet[value] = (facet[value] ?? 0) + n;
    };
    for (const i of seen) {
      const g = snap.groups[i];
      const n = perGroup[i];
      add(facets.category, this.codes.categories[g.category - 1], n);
      add(facets.status, this.codes.statuses[g.status - 1], n);
      add(facets.issuer, snap.issuerName.get(g.issuer), n);
      if (g.year) add(facets.year, String(g.year), n);
    }
    return facets;
  }

  close(): void {
    this.closed = true;
    this.snapshot = undefined;
  }
}

/** A bit visitor that appends to `order` until it holds `needed` places. */
function take(order: number[], needed: number): (i: number) => boolean {
  return (i) => order.push(i) < needed;
}
