import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { type Job, UnrecoverableError } from 'bullmq';
import { DocumentsRepository } from '../../documents/documents.repository.js';
import { QUEUES, SEARCH_INDEX_JOBS } from '../../queues/queue-names.js';
import { REDIS_CLIENT } from '../../redis/redis.module.js';
import { SEARCH_ENGINE, type SearchEngine, SearchEngineError } from '../search-engine.js';
import { toSearchable } from '../searchable-document.js';
import { INDEXING_CONCURRENCY } from './search-index.policy.js';

export interface IndexDocumentJob {
  documentId: string;
}

/** Reloads a changed document and writes it to the engine (or removes it when it is gone). */
@Processor(QUEUES.searchIndex, { concurrency: INDEXING_CONCURRENCY })
export class SearchIndexProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SearchIndexProcessor.name);

  constructor(
    private readonly documents: DocumentsRepository,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {
    super();
  }

  /**
   * A graceful close lets the running jobs finish, but waits forever for a Redis that is gone; then the
   * worker is closed at once (its unfinished jobs are retried after their lock expires).
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close(this.redis.status !== 'ready');
  }

  async process(job: Job<IndexDocumentJob>): Promise<'upserted' | 'removed'> {
    if (job.name !== SEARCH_INDEX_JOBS.indexDocument) {
      throw new UnrecoverableError(`unknown job ${job.name}`);
    }
    const { documentId } = job.data;
    try {
      const doc = await this.documents.findById(documentId);
      if (!doc) {
        await this.engine.remove([documentId]);
        return 'removed';
      }
      await this.engine.upsert([toSearchable(doc)]);
      return 'upserted';
    } catch (e) {
      // Retrying cannot fix what the engine refuses: park the job (failed, kept for operators).
      if (e instanceof SearchEngineError && e.permanent) throw new UnrecoverableError(e.message);
      throw e;
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<IndexDocumentJob> | undefined, error: Error): void {
    const parked = error instanceof UnrecoverableError || (job && job.attemptsMade >= (job.opts.attempts ?? 1));
    this.logger.warn(
      `Indexing document ${job?.data.documentId ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'})` +
        `${parked ? ', parked' : ', will retry'}: ${error.message}`,
    );
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn(`Search indexing worker: ${error.message}`);
  }
}
