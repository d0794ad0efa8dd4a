import { Injectable } from '@nestjs/common';
import { type AnnualReport, buildAnnualReport } from './annual-report.js';
import { AnnualReportRepository } from './annual-report.repository.js';

/** 政府信息公开年度报告 第二十条第(一)项: the figures for a year, computed from the validity events
 * (through validity_span, the status periods a trigger derives from them). */
@Injectable()
export class AnnualReportService {
  constructor(private readonly repository: AnnualReportRepository) {}

  async report(year: number, issuer: string | null = null): Promise<AnnualReport> {
    const { totals, breaks } = await this.repository.figures(year, issuer);
    return buildAnnualReport(year, issuer, totals, breaks);
  }
}
