import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DomainError } from '../common/domain-error.js';
import { PROVINCE_SYNC_JOBS, QUEUES } from '../queues/queue-names.js';
import type { RunTrigger } from './province-sync-run.entity.js';
import type { SyncRun } from './province-sync.model.js';
import { ProvinceSyncRunsService } from './province-sync-runs.service.js';

/** Jobs kept in Redis after they end, for inspection. */
const KEEP_ENDED_JOBS = 200;
/** While Redis is away BullMQ waits for it; a request should not. The sweep enqueues the run later. */
const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * Starts runs on the queue. The run row in PostgreSQL is the truth; the job only carries its id
 * (and its job id is the run id, so enqueuing twice is harmless and a lost job can be re-enqueued).
 */
@Injectable()
export class ProvinceSyncService {
  private readonly logger = new Logger(ProvinceSyncService.name);

  constructor(
    private readonly runs: ProvinceSyncRunsService,
    @InjectQueue(QUEUES.provinceSync) private readonly queue: Queue,
  ) {}

  /** Records a queued run and hands it to a worker. */
  async requestRun(trigger: RunTrigger, requestedBy: string | null): Promise<SyncRun> {
    const run = await this.runs.createRun(trigger, requestedBy);
    if (run.state === 'queued') await this.enqueue(run.id);
    return run;
  }

  /** The nightly schedule's job: start a run unless one is already active. */
  async startScheduledRun(): Promise<SyncRun | null> {
    try {
      return await this.requestRun('schedule', null);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'province_sync.run_active') {
        this.logger.log(`scheduled province sync skipped: ${e.message}`);
        return null;
      }
      throw e;
    }
  }

  /** The recovery sweep: fail stale runs, and hand queued runs whose job was lost (Redis restart) to a worker. */
  async recover(): Promise<{ recovered: string[]; requeued: string[] }> {
    const recovered = await this.runs.recoverStaleRuns();
    const requeued = await this.runs.queuedRunIds();
    for (const id of requeued) await this.enqueue(id);
    return { recovered, requeued };
  }

  private async enqueue(runId: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const added = this.queue.add(
        PROVINCE_SYNC_JOBS.run,
        { runId },
        { jobId: runId, attempts: 1, removeOnComplete: KEEP_ENDED_JOBS, removeOnFail: KEEP_ENDED_JOBS },
      );
      added.catch(() => undefined);
      await Promise.race([
        added,
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Redis did not answer within ${ENQUEUE_TIMEOUT_MS} ms`)),
            ENQUEUE_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (e) {
      // The run stays queued; the recovery sweep enqueues it again once Redis answers.
      this.logger.warn(`province sync run ${runId} recorded but not yet enqueued: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
