/**
 * Every BullMQ queue and job name, declared once. A job carries ids only; its
 * handler reloads the state it needs and does nothing when the work is already done.
 */
export const QUEUES = {
  /** Keeps the search engine in step with the catalogue, fed from the document_change outbox. */
  searchIndex: {
    name: 'search-index',
    jobs: {
      /** `{documentId}`: reload the document and upsert it in the engine (or remove it when gone). */
      indexDocument: 'index-document',
    },
  },
} as const;
