import type { JobsOptions } from 'bullmq';

/**
 * Retry policy of search indexing jobs: a transient failure (engine or database unreachable) is retried
 * with exponential backoff (1 s, 2 s, 4 s … about 8.5 minutes in all); a permanent one (the engine refuses
 * the document) fails at once. Failed jobs are kept: they are the parked jobs operators see in
 * GET /health (checks.search.indexing.failed) and can retry after fixing the cause.
 */
export const SEARCH_INDEX_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000 },
  // Completed jobs stay an hour, so a re-drained outbox row finds its job id and is not indexed twice.
  removeOnComplete: { age: 3_600, count: 50_000 },
  removeOnFail: false,
};

/** How often the outbox is polled when it was empty, and how many rows one drain takes. */
export const OUTBOX_POLL_MS = 200;
export const OUTBOX_BATCH = 500;
/** A drain gives up on an unreachable Redis after this long and leaves its rows for the next drain. */
export const ENQUEUE_TIMEOUT_MS = 5_000;
export const INDEXING_CONCURRENCY = 4;
