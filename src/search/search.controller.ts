import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SearchQueryDto } from './dto/search.query.js';
import { SearchResponse } from './dto/search.response.js';
import { SearchService } from './search.service.js';

@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  /**
   * Full-text search in Chinese with filters, facets, sorting and highlights. A 发文字号 in any written
   * form finds that document first; title matches rank above body matches; at equal relevance
   * in-force documents rank above ended ones.
   */
  @Get()
  find(@Query() query: SearchQueryDto): Promise<SearchResponse> {
    return this.search.search(query);
  }
}
