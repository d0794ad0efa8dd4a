import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { ValidityRepository } from './validity.repository.js';
import { ValidityService } from './validity.service.js';

export interface SweepReport {
  today: string;
  /** Documents whose status changed. */
  changed: number;
  /** Events written (a document catching up after missed days may get several). */
  events: number;
  /** Scheduled actions that could no longer apply. */
  failed: number;
  elapsedMs: number;
}

/** Documents locked and advanced per transaction. */
const BATCH = 500;

/**
 * The library keeping time: brings every document with a change due by `today` up to date, each change
 * with its own effective date. Idempotent — a second run finds nothing due — and it catches up after
 * missed days, because what is due is read from the documents and scheduled actions, not from the last run.
 */
@Injectable()
export class ValiditySweepService {
  private readonly logger = new Logger(ValiditySweepService.name);

  constructor(
    private readonly repository: ValidityRepository,
    private readonly validity: ValidityService,
    private readonly clock: Clock,
  ) {}

  async sweep(today: string = this.clock.today()): Promise<SweepReport> {
    const started = performance.now();
    const ids = await this.repository.dueDocumentIds(today);
    const report: SweepReport = { today, changed: 0, events: 0, failed: 0, elapsedMs: 0 };
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const result = await this.repository.transaction(async (tx) =>
        this.validity.advance(tx, await this.repository.lockDocuments(tx, batch), today),
      );
      report.changed += result.changed;
      report.events += result.events;
      report.failed += result.failed;
    }
    report.elapsedMs = Math.round(performance.now() - started);
    if (report.events || report.failed) this.logger.log(report, 'validity sweep');
    return report;
  }
}
