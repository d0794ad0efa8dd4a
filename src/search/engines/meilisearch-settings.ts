import type { Settings } from 'meilisearch';
import { citedDocNumberKeys, docNumberKey } from '../doc-number-key.js';
import { DOMAIN_WORDS } from '../domain-dictionary.js';
import type { SearchableDocument, SearchFilters } from '../search-engine.js';
import { statusRank } from '../search-engine.js';

/**
 * Meilisearch index settings and document mapping (Meilisearch 1.15 or later: `disableOnNumbers`).
 * - localizedAttributes `cmn` on every field: Meilisearch segments the text as Mandarin (its jieba-based
 *   segmenter) instead of guessing the language per field;
 * - dictionary: the domain words (机关代字 such as 攀府发, terms such as 行政规范性文件) kept whole;
 * - searchableAttributes in order of importance, which the `attribute` ranking rule follows, so a title
 *   match outranks a body match; the 发文字号 key comes first so an exact number match ranks first;
 * - ranking: Meilisearch's default rules, then `statusRank:desc`, so at equal relevance in-force
 *   documents come before ended ones;
 * - typo tolerance off for the document number fields and for numbers (2024 must not match 2025);
 * - maxTotalHits 10,000: enough for the 100 pages of 100 the API allows, and exact facet counts and totals
 *   for what people actually search.
 */
export const MEILISEARCH_MAX_TOTAL_HITS = 10_000;

export const MEILISEARCH_SETTINGS: Settings = {
  searchableAttributes: [
    'docNumberKey',
    'title',
    'docNumber',
    'issuer',
    'coIssuers',
    'keywords',
    'topic',
    'summary',
    'body',
  ],
  filterableAttributes: ['category', 'status', 'issuer', 'year', 'publishedAt', 'docNumberKey', 'citedDocNumberKeys'],
  sortableAttributes: ['publishedAt'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'statusRank:desc'],
  displayedAttributes: ['id', 'title', 'docNumber', 'issuer', 'category', 'status', 'publishedOn', 'body'],
  localizedAttributes: [{ attributePatterns: ['*'], locales: ['cmn'] }],
  dictionary: [...DOMAIN_WORDS],
  typoTolerance: { disableOnAttributes: ['docNumber', 'docNumberKey'], disableOnNumbers: true },
  pagination: { maxTotalHits: MEILISEARCH_MAX_TOTAL_HITS },
  faceting: { maxValuesPerFacet: 500 },
};

/** A document as Meilisearch stores it. The id is the document's UUID, which Meilisearch accepts as is. */
export interface MeilisearchDocument {
  id: string;
  title: string;
  docNumber: string | null;
  docNumberKey: string | null;
  citedDocNumberKeys: string[];
  issuer: string;
  coIssuers: string[];
  category: string;
  status: string;
  statusRank: number;
  publishedOn: string | null;
  /** publishedOn as a sortable, range-filterable number: days since 1970-01-01. */
  publishedAt: number | null;
  year: number | null;
  topic: string | null;
  keywords: string[];
  summary: string | null;
  body: string;
  version: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar date (YYYY-MM-DD); refuses anything else. */
export function dayNumber(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

export function toMeilisearchDocument(d: SearchableDocument): MeilisearchDocument {
  return {
    id: d.id,
    title: d.title,
    docNumber: d.docNumber,
    docNumberKey: docNumberKey(d.docNumber),
    citedDocNumberKeys: citedDocNumberKeys(`${d.title}\n${d.summary ?? ''}\n${d.body}`),
    issuer: d.issuer,
    coIssuers: d.coIssuers,
    category: d.category,
    status: d.status,
    statusRank: statusRank(d.status),
    publishedOn: d.publishedOn,
    publishedAt: d.publishedOn ? dayNumber(d.publishedOn) : null,
    year: d.publishedOn ? Number(d.publishedOn.slice(0, 4)) : null,
    topic: d.topic,
    keywords: d.keywords,
    summary: d.summary,
    body: d.body,
    version: d.version,
  };
}

/**
 * A value as a Meilisearch filter string literal: in double quotes, with backslashes and double quotes
 * escaped (Meilisearch ≥ 1.4 unescapes both), so nothing a user types can end the string and add syntax.
 */
export function filterString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function filterInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`);
  return String(value);
}

/** The filter for the API's filters: an array of conditions, which Meilisearch ANDs. */
export function filterExpression(f: SearchFilters): string[] {
  const parts: string[] = [];
  if (f.category) parts.push(`category = ${filterString(f.category)}`);
  if (f.status) parts.push(`status = ${filterString(f.status)}`);
  if (f.issuer) parts.push(`issuer = ${filterString(f.issuer)}`);
  if (f.year !== undefined) parts.push(`year = ${filterInteger(f.year)}`);
  if (f.from) parts.push(`publishedAt >= ${filterInteger(dayNumber(f.from))}`);
  if (f.to) parts.push(`publishedAt <= ${filterInteger(dayNumber(f.to))}`);
  return parts;
}
