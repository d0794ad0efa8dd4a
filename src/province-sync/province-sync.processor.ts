import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { PROVINCE_SYNC_JOBS, QUEUES } from '../queues/queue-names.js';
import { ProvinceSyncRepository } from './province-sync.repository.js';
import { ProvinceSyncRunner } from './province-sync.runner.js';
import { ProvinceSyncService } from './province-sync.service.js';

/**
 * The one handler of the push's jobs. A run job reloads its run and does nothing unless the run is
 * still queued: a job delivered twice, or after its run was recovered, is harmless.
 * Concurrency 2 lets the recovery sweep run while a long run is in progress on this worker.
 */
@Processor(QUEUES.provinceSync, { concurrency: 2 })
export class ProvinceSyncProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ProvinceSyncProcessor.name);

  constructor(
    private readonly service: ProvinceSyncService,
    private readonly repository: ProvinceSyncRepository,
    private readonly runner: ProvinceSyncRunner,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case PROVINCE_SYNC_JOBS.scheduled: {
        const run = await this.service.startScheduledRun();
        return { runId: run?.id ?? null };
      }
      case PROVINCE_SYNC_JOBS.recover:
        return this.service.recover();
      case PROVINCE_SYNC_JOBS.run: {
        const { runId } = job.data as { runId: string };
        const run = await this.repository.claimRun(runId);
        if (!run) return { runId, skipped: 'not queued any more' };
        return { runId, state: await this.runner.execute(runId) };
      }
      default:
        this.logger.error(`unknown job ${job.name} on ${QUEUES.provinceSync}`);
        return null;
    }
  }

  /**
   * On shutdown: end this process's runs cleanly (they are marked failed, their documents stay due), then
   * close the worker without waiting on Redis — BullMQ's own close waits forever while Redis is unreachable.
   * A job closed this way is handed back by BullMQ later and finds its run ended: nothing to do.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.interruptAll();
    await this.worker.close(true);
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn(`province sync worker: ${error.message}`);
  }
}
