import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ValidationFailed } from '../common/domain-error.js';
import { queryDocNumberKey } from '../search/doc-number-key.js';
import { MAX_PAGE, SearchQueryDto } from '../search/dto/search.query.js';
import type { SearchResponse } from '../search/dto/search.response.js';
import { SearchService } from '../search/search.service.js';
import { renderPage } from '../ui/render.js';
import { DocNumberLookup } from './doc-number-lookup.service.js';
import { PageExceptionFilter } from './page-errors.js';
import { PageKit } from './page-kit.js';
import { readQuery, toPageErrors, typed, type PageFieldError } from './page-query.js';
import { sendHtml } from './page-response.js';
import { SearchPage, type SearchForm } from './pages/search-page.js';

const FORM_FIELDS = ['q', 'category', 'status', 'issuer', 'year', 'from', 'to', 'sort', 'pageSize'] as const;

/** The search page: the API's parameters and rules, as a form, results, facets and pages. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Controller()
export class SearchPageController {
  constructor(
    private readonly kit: PageKit,
    private readonly search: SearchService,
    private readonly numbers: DocNumberLookup,
  ) {}

  @Get('search')
  async page(@Query() raw: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const form = Object.fromEntries(FORM_FIELDS.map((f) => [f, typed(raw, f)])) as unknown as SearchForm;
    let errors: PageFieldError[] = [];
    let result: SearchResponse | undefined;
    const read = await readQuery(SearchQueryDto, raw);
    if (!read.ok) {
      errors = read.errors;
    } else {
      const query = read.value;
      // A 发文字号 typed on its own, in any written form, opens that document (when one issuer uses it).
      const onlyWords =
        !query.category &&
        !query.status &&
        !query.issuer &&
        !query.year &&
        !query.from &&
        !query.to &&
        query.page === 1;
      if (onlyWords && query.sort === 'relevance' && queryDocNumberKey(query.q)) {
        const found = await this.numbers.find(query.q);
        if (found.length === 1) return res.redirect(303, `/documents/${found[0].id}`);
      }
      try {
        result = await this.search.search(query);
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
        errors = toPageErrors(e.errors);
      }
    }
    const html = renderPage(
      <SearchPage chrome={this.kit.chrome(req)} form={form} errors={errors} result={result} maxPage={MAX_PAGE} />,
    );
    sendHtml(res, html, { status: errors.length ? 400 : 200, cache: errors.length ? 'none' : 'search' });
  }
}
