import type { DocumentCategory } from '../documents/document-category.js';
import type { ValidityStatus } from '../validity/validity-status.js';

/**
 * The search engine port. Two engines implement it: PostgreSQL (embedded, the default) and
 * Meilisearch (production). Both are held to one contract suite (test/search/search-engine.contract.ts).
 */
export const SEARCH_ENGINE = Symbol('SEARCH_ENGINE');

export type SearchEngineName = 'postgres' | 'meilisearch';

/** What an engine indexes of a document. */
export interface SearchableDocument {
  id: string;
  title: string;
  docNumber: string | null;
  issuer: string;
  coIssuers: string[];
  category: DocumentCategory;
  status: ValidityStatus;
  publishedOn: string | null;
  topic: string | null;
  keywords: string[];
  summary: string | null;
  body: string;
  /** The document's version: an engine never replaces a newer version with an older one. */
  version: number;
}

export type SearchSort = 'relevance' | 'publishedOn' | '-publishedOn';

export interface SearchFilters {
  category?: DocumentCategory;
  status?: ValidityStatus;
  /** The issuer's full name. */
  issuer?: string;
  /** Year of publishedOn. */
  year?: number;
  /** publishedOn on or after (YYYY-MM-DD). */
  from?: string;
  /** publishedOn on or before (YYYY-MM-DD). */
  to?: string;
}

export interface SearchQuery {
  /** Free text; empty lists everything that passes the filters. */
  q: string;
  filters: SearchFilters;
  sort: SearchSort;
  /** From 1. */
  page: number;
  pageSize: number;
}

/** A hit as an engine returns it; highlighting is done once, above the engines. */
export interface EngineHit {
  id: string;
  title: string;
  docNumber: string | null;
  issuer: string;
  category: DocumentCategory;
  status: ValidityStatus;
  publishedOn: string | null;
  /** The part of the body around the first match (or its beginning), which the body highlight is cut from. */
  excerpt: BodyExcerpt;
}

export interface BodyExcerpt {
  text: string;
  /** Whether `text` starts where the body starts, and ends where it ends (else the fragment shows …). */
  atStart: boolean;
  atEnd: boolean;
}

export interface SearchFacets {
  category: Record<string, number>;
  status: Record<string, number>;
  issuer: Record<string, number>;
  year: Record<string, number>;
}

/** 'all': the documents hold every query term; 'any': none held them all, so those with any term are shown. */
export type TermMatching = 'all' | 'any';

export interface EngineResult {
  total: number;
  hits: EngineHit[];
  facets: SearchFacets;
  matching: TermMatching;
}

/** A full rebuild: documents are written into it, then it replaces the live index in one step. */
export interface IndexRebuild {
  /**
   * Whether writes made to the live index while the rebuild ran survive the commit. When they do not,
   * the documents changed meanwhile are written again after it.
   */
  readonly keepsLiveWrites: boolean;
  write(docs: SearchableDocument[]): Promise<void>;
  /** Makes the rebuilt index the live one; what was not written since the rebuild began is dropped. */
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Raised by an engine; `permanent` failures are not retried (the indexing job is parked). */
export class SearchEngineError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SearchEngineError';
  }
}

export interface SearchEngine {
  readonly name: SearchEngineName;
  /** Adds or replaces documents (an older version never replaces a newer one). */
  upsert(docs: SearchableDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  search(query: SearchQuery): Promise<EngineResult>;
  beginRebuild(): Promise<IndexRebuild>;
  /** Resolves when the engine can answer searches; rejects with the reason otherwise. */
  health(): Promise<void>;
  /**
   * A value that changes whenever the index changes (read after the change is visible), or null when the
   * engine cannot tell: then answers are not cached.
   */
  generation(): Promise<string | null>;
  /**
   * Starts, in the background, what makes the first searches fast (the PostgreSQL engine's resident index),
   * so that a server does not wait for its first search to begin. Only processes that serve searches call it.
   */
  warmUp?(): void;
  /** Releases what the engine holds (connections). */
  close(): Promise<void>;
}

/** in_force and partially_in_force rank above pending and unmarked, which rank above ended documents. */
export function statusRank(status: ValidityStatus): number {
  switch (status) {
    case 'in_force':
    case 'partially_in_force':
      return 2;
    case 'pending':
    case 'unmarked':
      return 1;
    default:
      return 0;
  }
}

export const MAX_PAGE_SIZE = 100;
