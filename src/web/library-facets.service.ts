import { Injectable } from '@nestjs/common';
import { SearchQueryDto } from '../search/dto/search.query.js';
import { SearchService } from '../search/search.service.js';

/**
 * The library's figures at a glance, from the search engine's facets of an empty query (kept in the
 * engine's answer cache until the index changes): issuers, and counts per category, status and year.
 */
@Injectable()
export class LibraryFacets {
  constructor(private readonly search: SearchService) {}

  async facets() {
    const answer = await this.search.search(Object.assign(new SearchQueryDto(), { pageSize: 1 }));
    return { total: answer.total, facets: answer.facets };
  }

  /** Issuers' names, the busiest first. */
  async names(): Promise<string[]> {
    const { facets } = await this.facets();
    return Object.entries(facets.issuer)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
      .map(([name]) => name);
  }
}
