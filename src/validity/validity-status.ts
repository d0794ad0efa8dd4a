/** 有效性 (SPEC 2). The stored status is a cache of what the events and dates say. */
export const VALIDITY_STATUSES = [
  'unmarked',
  'pending',
  'in_force',
  'partially_in_force',
  'expired',
  'repealed',
] as const;
export type ValidityStatus = (typeof VALIDITY_STATUSES)[number];

export const STATUS_LABELS: Record<ValidityStatus, string> = {
  unmarked: '未标注',
  pending: '尚未生效',
  in_force: '现行有效',
  partially_in_force: '部分失效',
  expired: '失效',
  repealed: '废止',
};

/** Statuses that count as 现行有效 in the annual figures and in `inForceOn`. */
export const IN_FORCE_STATUSES: readonly ValidityStatus[] = ['in_force', 'partially_in_force'];
