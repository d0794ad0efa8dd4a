import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { QUEUES, SCHEDULERS, VALIDITY_JOBS } from '../queues/queue-names.js';
import { type SweepReport, ValiditySweepService } from './validity-sweep.service.js';
/** Does the sweep. The job carries nothing: "today" is the clock's, in APP_TIMEZONE. */
@Processor(QUEUES.validity)
export class ValiditySweepProcessor extends WorkerHost implements BeforeApplicationShutdown {
  constructor(private readonly sweeper: ValiditySweepService) {
    super();
  }

  /**
   * A graceful BullMQ close waits for Redis forever when Redis is down, which would hang shutdown.
   * Closing without waiting is safe here: each batch of the sweep is its own transaction and the sweep
   * is idempotent, so an interrupted run is simply completed by the next one.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close(true);
  }

  async process(job: Job): Promise<SweepReport> {
    if (job.name !== VALIDITY_JOBS.sweep) throw new UnrecoverableError(`unknown job ${job.name}`);
    return this.sweeper.sweep();
  }
}

/** Registers the daily schedule. The cron only enqueues; the processor does the work. */
@Injectable()
export class ValiditySweepScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ValiditySweepScheduler.name);

  constructor(
    @InjectQueue(QUEUES.validity) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the API starts while Redis is down; the command goes out once Redis is back.
    this.queue
      .upsertJobScheduler(
        SCHEDULERS.validitySweep,
        { pattern: this.config.VALIDITY_SWEEP_CRON, tz: this.config.APP_TIMEZONE },
        {
          name: VALIDITY_JOBS.sweep,
          data: {},
          // A failed sweep is retried; the next day's sweep catches up anyway.
          opts: {
            attempts: 5,
            backoff: { type: 'exponential', delay: 60_000 },
            removeOnComplete: 30,
            removeOnFail: 100,
          },
        },
      )
      .catch((err: unknown) => this.logger.error({ err }, 'could not register the daily validity sweep'));
  }
}
