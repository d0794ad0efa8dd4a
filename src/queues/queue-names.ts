/**
 * Every BullMQ queue and job name, declared once. A job carries ids only; its
 * handler reloads the state it needs and does nothing when the work is already done.
 */
export const QUEUES = {
  /** The push to the provincial library (src/province-sync). */
  provinceSync: 'province-sync',
  /** The daily validity sweep (SPEC 2: pending → in_force, expiry, scheduled actions). */
  validity: 'validity',
  /** Keeps the search engine in step with the catalogue, fed from the document_change outbox. */
  searchIndex: 'search-index',
} as const;

export const SEARCH_INDEX_JOBS = {
  /** `{documentId}`: reload the document and upsert it in the engine (or remove it when gone). */
  indexDocument: 'index-document',
} as const;

export const PROVINCE_SYNC_JOBS = {
  /** From the nightly Job Scheduler: start a run unless one is active. No data. */
  scheduled: 'scheduled-run',
  /** Execute run `{ runId }`. */
  run: 'run',
  /** Every minute: recover stale runs, re-enqueue queued runs whose job was lost. No data. */
  recover: 'recover-runs',
} as const;

export const VALIDITY_JOBS = {
  /** From the daily Job Scheduler: apply every validity change due by today. No data. */
  sweep: 'validity.sweep',
} as const;

/** Job Scheduler ids: one schedule each, however many instances upsert it. */
export const SCHEDULERS = {
  provinceSyncNightly: 'province-sync-nightly',
  provinceSyncRecovery: 'province-sync-recovery',
  validitySweep: 'validity-daily-sweep',
} as const;
