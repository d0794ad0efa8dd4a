import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AnnualReportService } from '../reports/annual-report.service.js';
import { AnnualReportQuery } from '../reports/dto/annual-report.query.js';
import { renderPage } from '../ui/render.js';
import { withQuery } from '../ui/urls.js';
import { LibraryFacets } from './library-facets.service.js';
import { PageError, PageExceptionFilter, notFoundPage } from './page-errors.js';
import { PageKit } from './page-kit.js';
import { readQuery } from './page-query.js';
import { sendHtml } from './page-response.js';
import { AnnualReportPage } from './pages/annual-report-page.js';

/** The annual disclosure figures for a year (第二十条第（一）项), with CSV. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Controller('reports/annual')
export class ReportsPageController {
  constructor(
    private readonly kit: PageKit,
    private readonly reports: AnnualReportService,
    private readonly facets: LibraryFacets,
  ) {}

  /** The last complete year. */
  @Get()
  latest(@Res() res: Response): void {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.redirect(302, `/reports/annual/${Number(this.kit.today().slice(0, 4)) - 1}`);
  }

  @Get(':year')
  async year(
    @Param('year') yearParam: string,
    @Query() raw: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const thisYear = Number(this.kit.today().slice(0, 4));
    if (!/^\d{4}$/.test(yearParam)) throw notFoundPage();
    const year = Number(yearParam);
    if (year < 1900 || year > thisYear)
      throw new PageError(404, '没有这一年的统计', `可查看 1900 年至 ${thisYear} 年的统计。`);
    const read = await readQuery(AnnualReportQuery, { issuer: raw.issuer || undefined });
    if (!read.ok) throw new PageError(400, '请求有误', read.errors.map((e) => e.message).join('；'));
    const issuer = read.value.issuer ?? null;
    const [report, issuers] = await Promise.all([this.reports.report(year, issuer), this.facets.names()]);
    const html = renderPage(
      <AnnualReportPage
        chrome={this.kit.chrome(req)}
        report={report}
        issuers={issuers}
        thisYear={thisYear}
        csvHref={withQuery(`/api/v1/reports/annual/${year}`, { issuer: issuer ?? undefined, format: 'csv' })}
      />,
    );
    sendHtml(res, html, { cache: 'page' });
  }
}
