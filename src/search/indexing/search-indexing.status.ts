import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUES } from '../../queues/queue-names.js';

export interface SearchIndexingCounts {
  waiting: number;
  active: number;
  delayed: number;
  /** Parked: jobs that failed for good (refused by the engine, or out of retries). */
  failed: number;
}

/** The indexing queue as operators see it in GET /health. */
@Injectable()
export class SearchIndexingStatus {
  constructor(@InjectQueue(QUEUES.searchIndex) private readonly queue: Queue) {}

  async counts(): Promise<SearchIndexingCounts> {
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    return { waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
  }
}
