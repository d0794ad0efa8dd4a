import type { DocumentCategory } from '../../documents/document-category.js';
import type { ValidityStatus } from '../../validity/validity-status.js';
import type { SearchEngineName, TermMatching } from '../search-engine.js';

export class SearchHighlight {
  /** The title as HTML, matching words in <em>. */
  title: string;
  /** A fragment of the body around the first match as HTML, matching words in <em>, … where it is cut. */
  body: string;
}

export class SearchHitResponse {
  id: string;
  title: string;
  docNumber: string | null;
  issuer: string;
  category: DocumentCategory;
  status: ValidityStatus;
  /** 有效性 in Chinese, e.g. 现行有效 */
  statusLabel: string;
  publishedOn: string | null;
  highlight: SearchHighlight;
}

export class SearchFacetsResponse {
  /** Matching documents per category. */
  category: Record<string, number>;
  status: Record<string, number>;
  issuer: Record<string, number>;
  /** Per year of publishedOn. */
  year: Record<string, number>;
}

export class SearchResponse {
  total: number;
  page: number;
  pageSize: number;
  hits: SearchHitResponse[];
  facets: SearchFacetsResponse;
  /**
   * `all` when the hits hold every word of the query; `any` when no document held them all and the hits
   * hold some of them (pages say so).
   */
  matching: TermMatching;
  /** The engine that answered: postgres or meilisearch. */
  engine: SearchEngineName;
  /** Time the search took on the server, in milliseconds. */
  tookMs: number;
}
