/**
 * Every BullMQ queue and job name, declared once. A job carries ids only; its
 * handler reloads the state it needs and does nothing when the work is already done.
 */
export const QUEUES = {
  /** The daily validity sweep (SPEC 2: pending → in_force, expiry, scheduled actions). */
  validity: 'validity',
} as const;

export const JOBS = {
  validitySweep: 'validity.sweep',
} as const;
