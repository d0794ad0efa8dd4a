/**
 * Every BullMQ queue and job name, declared once. A job carries ids only; its
 * handler reloads the state it needs and does nothing when the work is already done.
 */
export const QUEUES = {} as const;
