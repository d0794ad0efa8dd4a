import { Module } from '@nestjs/common';
import { AnnualReportRepository } from './annual-report.repository.js';
import { AnnualReportService } from './annual-report.service.js';
import { ReportsController } from './reports.controller.js';

@Module({
  controllers: [ReportsController],
  providers: [AnnualReportRepository, AnnualReportService],
  exports: [AnnualReportService],
})
export class ReportsModule {}
