import { MeilisearchApiError, Meilisearch, type Index, type SearchParams, type Task } from 'meilisearch';
import { docNumberKey } from '../doc-number-key.js';
import {
  type EngineHit,
  type EngineResult,
  type IndexRebuild,
  type SearchableDocument,
  type SearchEngine,
  SearchEngineError,
  type SearchFacets,
  type SearchQuery,
  type TermMatching,
} from '../search-engine.js';
import {
  filterExpression,
  filterString,
  MEILISEARCH_SETTINGS,
  type MeilisearchDocument,
  toMeilisearchDocument,
} from './meilisearch-settings.js';

/** Meilisearch error types that retrying will not fix (the request or a document is wrong). */
const PERMANENT_ERROR_TYPES = new Set(['invalid_request']);
const TASK_TIMEOUT_MS = 60_000;
const BATCH = 1_000;
/** Cropped body around the first match, in words, for the highlighter. */
const CROP_WORDS = 60;
const CROP_MARKER = '…';

type Hit = Pick<
  MeilisearchDocument,
  'id' | 'title' | 'docNumber' | 'issuer' | 'category' | 'status' | 'publishedOn'
> & {
  _formatted?: { body?: string };
};

export interface MeilisearchEngineOptions {
  url: string;
  apiKey?: string;
  /** The live index. Rebuilds build `<indexUid>_rebuild` beside it and swap. */
  indexUid: string;
}

function engineError(e: unknown, what: string): SearchEngineError {
  if (e instanceof SearchEngineError) return e;
  const type = e instanceof MeilisearchApiError ? e.cause?.type : undefined;
  return new SearchEngineError(
    `Meilisearch: ${what}: ${(e as Error).message}`,
    !!type && PERMANENT_ERROR_TYPES.has(type),
    {
      cause: e,
    },
  );
}

/** A task that failed is a failure of the call that enqueued it. */
export function assertSucceeded(task: Task, what: string): void {
  if (task.status === 'succeeded') return;
  const error = task.error;
  throw new SearchEngineError(
    `Meilisearch task ${task.uid} (${what}) ${task.status}: ${error ? `${error.code}: ${error.message}` : 'no detail'}`,
    !!error && PERMANENT_ERROR_TYPES.has(error.type),
  );
}

export function emptyFacets(): SearchFacets {
  return { category: {}, status: {}, issuer: {}, year: {} };
}

/** The production engine, through the official client. Every write waits for its task. */
export class MeilisearchSearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  private readonly client: Meilisearch;
  private ready: Promise<void> | undefined;

  constructor(private readonly options: MeilisearchEngineOptions) {
    this.client = new Meilisearch({ host: options.url, apiKey: options.apiKey });
  }

  private index(uid = this.options.indexUid): Index<MeilisearchDocument> {
    return this.client.index<MeilisearchDocument>(uid);
  }

  private async wait(promise: ReturnType<Index['addDocuments']>, what: string): Promise<void> {
    assertSucceeded(await promise.waitTask({ timeout: TASK_TIMEOUT_MS }), what);
  }

  /** Creates an index with the settings (or brings an existing one's settings up to date). */
  private async prepare(uid: string): Promise<void> {
    const created = await this.client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: TASK_TIMEOUT_MS });
    if (created.status !== 'succeeded' && created.error?.code !== 'index_already_exists') {
      assertSucceeded(created, `create index ${uid}`);
    }
    await this.wait(this.index(uid).updateSettings(MEILISEARCH_SETTINGS), `settings of ${uid}`);
  }

  private ensureReady(): Promise<void> {
    this.ready ??= this.prepare(this.options.indexUid).catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  async upsert(docs: SearchableDocument[]): Promise<void> {
    if (!docs.length) return;
    try {
      await this.ensureReady();
      await this.write(this.options.indexUid, docs);
    } catch (e) {
      throw engineError(e, 'upsert');
    }
  }

  private async write(uid: string, docs: SearchableDocument[]): Promise<void> {
    for (let i = 0; i < docs.length; i += BATCH) {
      await this.wait(
        this.index(uid).addDocuments(docs.slice(i, i + BATCH).map(toMeilisearchDocument), { primaryKey: 'id' }),
        'add documents',
      );
    }
  }

  async remove(ids: string[]): Promise<void> {
    if (!ids.length) return;
    try {
      await this.ensureReady();
      await this.wait(this.index().deleteDocuments(ids), 'delete documents');
    } catch (e) {
      throw engineError(e, 'remove');
    }
  }

  async search(query: SearchQuery): Promise<EngineResult> {
    try {
      await this.ensureReady();
      const key = query.q ? docNumberKey(query.q) : null;
      const filter = filterExpression(query.filters);
      const params: SearchParams = {
        filter: filter.length ? filter : undefined,
        facets: ['category', 'status', 'issuer', 'year'],
        page: query.page,
        hitsPerPage: query.pageSize,
        attributesToRetrieve: ['id', 'title', 'docNumber', 'issuer', 'category', 'status', 'publishedOn'],
        attributesToCrop: ['body'],
        cropLength: CROP_WORDS,
        cropMarker: CROP_MARKER,
        locales: ['cmn'],
        // Every word must match, as in the PostgreSQL engine; when nothing has them all, see below.
        matchingStrategy: 'all',
        ...(query.sort === 'relevance'
          ? {}
          : { sort: [query.sort === '-publishedOn' ? 'publishedAt:desc' : 'publishedAt:asc'] }),
      };
      const q = key ?? query.q;
      let result = await this.index().search<Hit>(q, params);
      let matching: TermMatching = 'all';
      // Nobody has every word: words may be dropped from the end (never from a 发文字号), and the answer says so.
      const found = (r: typeof result) =>
        (r as { totalHits?: number; estimatedTotalHits?: number }).totalHits ??
        (r as { estimatedTotalHits?: number }).estimatedTotalHits ??
        r.hits.length;
      if (!key && q.trim() && found(result) === 0) {
        result = await this.index().search<Hit>(q, { ...params, matchingStrategy: 'last' });
        matching = 'any';
      }
      let hits = result.hits.map(toEngineHit);
      // With page/hitsPerPage Meilisearch counts exactly (up to maxTotalHits).
      const counted = result as { totalHits?: number; estimatedTotalHits?: number };
      let total = counted.totalHits ?? counted.estimatedTotalHits ?? hits.length;
      if (key && query.sort === 'relevance' && query.page === 1) {
        // The document that carries the number comes first whatever the text ranking says.
        const exact = await this.index().search<Hit>('', {
          ...params,
          filter: [...filter, `docNumberKey = ${filterString(key)}`],
          page: 1,
          hitsPerPage: 5,
        });
        const exactHits = exact.hits.map(toEngineHit);
        const exactIds = new Set(exactHits.map((h) => h.id));
        hits = [...exactHits, ...hits.filter((h) => !exactIds.has(h.id))].slice(0, query.pageSize);
        total = Math.max(total, hits.length);
      }
      const distribution = result.facetDistribution ?? {};
      return {
        total,
        hits,
        facets: {
          category: distribution.category ?? {},
          status: distribution.status ?? {},
          issuer: distribution.issuer ?? {},
          year: distribution.year ?? {},
        },
        matching,
      };
    } catch (e) {
      throw engineError(e, 'search');
    }
  }

  /** Builds `<index>_rebuild` with the settings, then swaps it with the live index and drops the old one. */
  async beginRebuild(): Promise<IndexRebuild> {
    const live = this.options.indexUid;
    const next = `${live}_rebuild`;
    try {
      await this.ensureReady();
      // A rebuild that died half-way left its index behind: start from nothing.
      await this.client.deleteIndex(next).waitTask({ timeout: TASK_TIMEOUT_MS });
      await this.prepare(next);
    } catch (e) {
      throw engineError(e, 'begin rebuild');
    }
    return {
      // Jobs that ran meanwhile wrote to the index that the swap retires.
      keepsLiveWrites: false,
      write: async (docs) => {
        try {
          await this.write(next, docs);
        } catch (e) {
          throw engineError(e, 'rebuild');
        }
      },
      commit: async () => {
        try {
          // Swapping is atomic: searches see the old index, then the new one, never neither.
          const swap = { indexes: [live, next] } as unknown as Parameters<Meilisearch['swapIndexes']>[0][number];
          assertSucceeded(await this.client.swapIndexes([swap]).waitTask({ timeout: TASK_TIMEOUT_MS }), 'swap');
          assertSucceeded(await this.client.deleteIndex(next).waitTask({ timeout: TASK_TIMEOUT_MS }), 'drop old');
        } catch (e) {
          throw engineError(e, 'commit rebuild');
        }
      },
      abort: async () => {
        await this.client.deleteIndex(next).waitTask({ timeout: TASK_TIMEOUT_MS });
      },
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Meilisearch does not expose a cheap change counter; its answers are not cached. */
  generation(): Promise<string | null> {
    return Promise.resolve(null);
  }

  async health(): Promise<void> {
    const health = await this.client.health();
    // The client types `status` as the one value it expects; a server that says otherwise is not ready.
    const status: string = health.status;
    if (status !== 'available') throw new Error(`Meilisearch is ${status}`);
    await this.ensureReady();
  }
}

function toEngineHit(h: Hit): EngineHit {
  let text = h._formatted?.body ?? '';
  const atStart = !text.startsWith(CROP_MARKER);
  const atEnd = !text.endsWith(CROP_MARKER);
  if (!atStart) text = text.slice(CROP_MARKER.length);
  if (!atEnd) text = text.slice(0, -CROP_MARKER.length);
  return {
    id: h.id,
    title: h.title,
    docNumber: h.docNumber,
    issuer: h.issuer,
    category: h.category as EngineHit['category'],
    status: h.status as EngineHit['status'],
    publishedOn: h.publishedOn,
    excerpt: { text, atStart, atEnd },
  };
}
