import { Controller, Get, Param, ParseIntPipe, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ValidationFailed } from '../common/domain-error.js';
import { type AnnualReport, annualReportCsv } from './annual-report.js';
import { AnnualReportService } from './annual-report.service.js';
import { AnnualReportQuery } from './dto/annual-report.query.js';

const yearParam = new ParseIntPipe({
  exceptionFactory: () => new ValidationFailed([{ field: 'year', reason: 'must be a year such as 2024' }]),
});

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: AnnualReportService) {}

  /** The annual figures (SPEC 2): per category issued / repealed / inForce, and the identity check. */
  @Get('annual/:year')
  async annual(
    @Param('year', yearParam) year: number,
    @Query() q: AnnualReportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AnnualReport | string> {
    if (year < 1900 || year > 2999)
      throw new ValidationFailed([{ field: 'year', reason: 'must be between 1900 and 2999' }]);
    const report = await this.reports.report(year, q.issuer ?? null);
    if (q.format !== 'csv') return report;
    res
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="annual-report-${year}.csv"`);
    return annualReportCsv(report);
  }
}
