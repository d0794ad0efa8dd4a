import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { ValidationFailed } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { STATUS_LABELS } from '../validity/validity-status.js';
import { queryTerms } from './chinese-text.js';
import type { SearchQueryDto } from './dto/search.query.js';
import type { SearchResponse } from './dto/search.response.js';
import { highlightHits } from './highlight.js';
import { SearchAnswerCache } from './search-answer-cache.js';
import { SEARCH_ENGINE, type SearchEngine, SearchEngineError } from './search-engine.js';

/** Public search: validates what the engines cannot, asks the configured engine, highlights the hits. */
@Injectable()
export class SearchService {
  private readonly cache: SearchAnswerCache<Omit<SearchResponse, 'tookMs'>> | undefined;

  constructor(
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'SEARCH_CACHE_ENTRIES'>,
  ) {
    this.cache = config.SEARCH_CACHE_ENTRIES > 0 ? new SearchAnswerCache(config.SEARCH_CACHE_ENTRIES) : undefined;
  }

  async search(dto: SearchQueryDto): Promise<SearchResponse> {
    const started = performance.now();
    if (dto.from && dto.to && dto.from > dto.to) {
      throw new ValidationFailed([{ field: 'to', reason: `must not be before from (${dto.from})` }]);
    }
    const key = JSON.stringify([
      dto.q.trim(),
      dto.category,
      dto.status,
      dto.issuer?.trim(),
      dto.year,
      dto.from,
      dto.to,
      dto.sort,
      dto.page,
      dto.pageSize,
    ]);
    // Read before searching: an answer is never kept under a generation newer than the data it saw.
    const generation = this.cache ? await this.engine.generation() : null;
    const cached = generation === null ? undefined : this.cache?.get(key, generation);
    const answer = cached ?? (await this.answer(dto));
    if (!cached && generation !== null) this.cache?.set(key, generation, answer);
    return { ...answer, tookMs: Math.round((performance.now() - started) * 10) / 10 };
  }

  private async answer(dto: SearchQueryDto): Promise<Omit<SearchResponse, 'tookMs'>> {
    const q = dto.q.trim();
    const result = await this.engine
      .search({
        q,
        filters: {
          category: dto.category,
          status: dto.status,
          issuer: dto.issuer?.trim(),
          year: dto.year,
          from: dto.from,
          to: dto.to,
        },
        sort: dto.sort,
        page: dto.page,
        pageSize: dto.pageSize,
      })
      .catch((e: unknown) => {
        // The engine being down is not the caller's fault, and not a bug: 503, try again (and it is logged).
        if (e instanceof SearchEngineError) {
          throw new ServiceUnavailableException('Search is unavailable at the moment; please try again shortly.', {
            cause: e,
          });
        }
        throw e;
      });
    const terms = q ? queryTerms(q) : [];
    const highlights = highlightHits(result.hits, terms);
    return {
      total: result.total,
      page: dto.page,
      pageSize: dto.pageSize,
      hits: result.hits.map((h, i) => ({
        id: h.id,
        title: h.title,
        docNumber: h.docNumber,
        issuer: h.issuer,
        category: h.category,
        status: h.status,
        statusLabel: STATUS_LABELS[h.status],
        publishedOn: h.publishedOn,
        highlight: highlights[i],
      })),
      facets: result.facets,
      matching: result.matching,
      engine: this.engine.name,
    };
  }
}
