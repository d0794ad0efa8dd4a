import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError, NotFound } from '../common/domain-error.js';
import type { RunTrigger } from './province-sync-run.entity.js';
import type { SyncOverview, SyncRun } from './province-sync.model.js';
import { ProvinceSyncRepository } from './province-sync.repository.js';
import { NOT_CONFIGURED, provinceEndpoint } from './province-sync.runner.js';

/**
 * The rules around runs that need no queue (the CLI uses them directly): at most one active run,
 * recovery of runs whose process died, a clear failure when the province is not configured.
 */
@Injectable()
export class ProvinceSyncRunsService {
  private readonly logger = new Logger(ProvinceSyncRunsService.name);

  constructor(
    private readonly repository: ProvinceSyncRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Marks runs without a heartbeat for PROVINCE_SYNC_STALE_RUN_SECONDS failed, so the next run can start. */
  async recoverStaleRuns(): Promise<string[]> {
    const ids = await this.repository.recoverStaleRuns(this.config.PROVINCE_SYNC_STALE_RUN_SECONDS);
    for (const id of ids) this.logger.warn(`province sync run ${id} had no heartbeat: marked failed`);
    return ids;
  }

  /**
   * Records a new queued run. A run asked for without the province configured is recorded as failed
   * at once, saying why. Another active run → 409 naming it.
   */
  async createRun(trigger: RunTrigger, requestedBy: string | null): Promise<SyncRun> {
    await this.recoverStaleRuns();
    if (!provinceEndpoint(this.config)) {
      return (await this.repository.insertRun({ trigger, requestedBy, state: 'failed', error: NOT_CONFIGURED }))!;
    }
    const run = await this.repository.insertRun({ trigger, requestedBy });
    if (run) return run;
    const active = await this.repository.activeRun();
    throw new DomainError(
      'conflict',
      'province_sync.run_active',
      `A push to the province is already ${active?.state ?? 'active'}${active ? ` (run ${active.id})` : ''}; only one runs at a time.`,
      [],
      active ? { activeRunId: active.id } : {},
    );
  }

  /** A dry run: recorded (never active), listing what a real run would send now. */
  async recordDryRun(trigger: RunTrigger, requestedBy: string | null, due: number): Promise<SyncRun> {
    return (await this.repository.insertRun({ trigger, requestedBy, dryRun: true, state: 'succeeded', sent: due }))!;
  }

  /** Runs recorded as queued (their job may have been lost with Redis). */
  queuedRunIds(): Promise<string[]> {
    return this.repository.queuedRunIds();
  }

  async getRun(id: string): Promise<SyncRun> {
    const run = await this.repository.findRun(id);
    if (!run) throw new NotFound('province_sync_run', id);
    return run;
  }

  listRuns(page: number, pageSize: number): Promise<{ total: number; items: SyncRun[] }> {
    return this.repository.listRuns(page, pageSize);
  }

  async overview(): Promise<SyncOverview> {
    const [counts, lastSuccessfulRun, activeRun] = await Promise.all([
      this.repository.overview(),
      this.repository.lastSuccessfulRun(),
      this.repository.activeRun(),
    ]);
    return { ...counts, lastSuccessfulRun, activeRun };
  }
}
