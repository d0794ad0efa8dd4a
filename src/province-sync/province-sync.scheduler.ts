import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PROVINCE_SYNC_JOBS, QUEUES, SCHEDULERS } from '../queues/queue-names.js';

/** How often stale runs are looked for. */
export const RECOVERY_SWEEP_EVERY_MS = 60_000;

/**
 * The push's schedules, in one place. Job Schedulers are upserted by id, so however many instances
 * start there is one nightly schedule. The cron only enqueues; the processor does the work.
 * Upserted again whenever the queue's Redis connection comes back, so a Redis that lost its data
 * gets its schedules back without a restart.
 */
@Injectable()
export class ProvinceSyncScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProvinceSyncScheduler.name);

  constructor(
    @InjectQueue(QUEUES.provinceSync) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private lastWarning = 0;

  onApplicationBootstrap(): void {
    this.queue.getBackend().on('ready', () => void this.upsertSchedules());
    // Without a listener BullMQ prints every connection error; say it once a minute instead.
    this.queue.on('error', (e: Error) => this.warn(`province sync queue: ${e.message}`));
    void this.upsertSchedules();
  }

  private warn(message: string): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(message);
  }

  async upsertSchedules(): Promise<void> {
    try {
      await this.queue.upsertJobScheduler(
        SCHEDULERS.provinceSyncNightly,
        { pattern: this.config.PROVINCE_SYNC_CRON, tz: this.config.APP_TIMEZONE },
        { name: PROVINCE_SYNC_JOBS.scheduled, data: {}, opts: { removeOnComplete: 50, removeOnFail: 50 } },
      );
      await this.queue.upsertJobScheduler(
        SCHEDULERS.provinceSyncRecovery,
        { every: RECOVERY_SWEEP_EVERY_MS },
        { name: PROVINCE_SYNC_JOBS.recover, data: {}, opts: { removeOnComplete: 10, removeOnFail: 50 } },
      );
    } catch (e) {
      this.warn(`province sync schedules not yet in Redis: ${(e as Error).message}`);
    }
  }
}
