import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QUEUES, SEARCH_INDEX_JOBS } from '../../queues/queue-names.js';
import { ENQUEUE_TIMEOUT_MS, OUTBOX_BATCH, OUTBOX_POLL_MS, SEARCH_INDEX_JOB_OPTIONS } from './search-index.policy.js';

/**
 * Hands the document_change outbox to the indexing queue. Rows are claimed with FOR UPDATE SKIP LOCKED
 * (several app instances drain side by side), turned into one job per document, and marked processed in
 * the same transaction only after Redis accepted the jobs; when Redis is down the transaction rolls back
 * and the rows are drained again later. The job id is the document id and the newest change id, so a
 * batch drained twice (a crash between enqueue and commit) enqueues nothing new, while a later change
 * always gets a job of its own, even when the previous job for that document is running.
 */
@Injectable()
export class SearchOutboxDrainer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SearchOutboxDrainer.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private failing = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(QUEUES.searchIndex) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Drains one batch; returns how many outbox rows it handed on. */
  async drainOnce(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows: { id: string; document_id: string }[] = await tx.query(
        `SELECT id, document_id FROM document_change WHERE processed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [OUTBOX_BATCH],
      );
      if (!rows.length) return 0;
      const newest = new Map<string, string>();
      for (const r of rows) newest.set(r.document_id, r.id);
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        this.queue.addBulk(
          [...newest].map(([documentId, changeId]) => ({
            name: SEARCH_INDEX_JOBS.indexDocument,
            data: { documentId },
            opts: { ...SEARCH_INDEX_JOB_OPTIONS, jobId: `${documentId}-${changeId}` },
          })),
        ),
        new Promise((_, reject) => {
          timeout = setTimeout(
            () => reject(new Error(`Redis did not accept the jobs within ${ENQUEUE_TIMEOUT_MS} ms`)),
            ENQUEUE_TIMEOUT_MS,
          );
        }),
      ]).finally(() => clearTimeout(timeout));
      await tx.query(`UPDATE document_change SET processed_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drainOnce()
        .then((n) => {
          if (this.failing) this.logger.log('Draining the outbox to the search index queue again.');
          this.failing = false;
          this.schedule(n === OUTBOX_BATCH ? 0 : OUTBOX_POLL_MS);
        })
        .catch((e: unknown) => {
          // Logged once per outage, not on every poll.
          if (!this.failing) this.logger.warn(`Outbox drain failed, will retry: ${(e as Error).message}`);
          this.failing = true;
          this.schedule(OUTBOX_POLL_MS * 5);
        });
    }, delayMs);
  }
}
