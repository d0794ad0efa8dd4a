import { Injectable } from '@nestjs/common';
import { type AnnualReport, buildAnnualReport } from './annual-report.js';
import { AnnualReportRepository } from './annual-report.repository.js';

/** 政府信息公开年度报告 第二十条第(一)项: the figures for a year, computed from the validity events. */
@Injectable()
export class AnnualReportService {
  constructor(private readonly repository: AnnualReportRepository) {}

  async report(year: number, issuer: string | null = null): Promise<AnnualReport> {
    return buildAnnualReport(year, issuer, await this.repository.rows(year, issuer));
  }
}
