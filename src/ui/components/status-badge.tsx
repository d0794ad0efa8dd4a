import { STATUS_LABELS, type ValidityStatus } from '../../validity/validity-status.js';

/** 有效性 as a badge with its Chinese label (SPEC 2): 现行有效, 废止, … */
export function StatusBadge({ status }: { status: ValidityStatus }) {
  return <span class={`badge badge--${status}`}>{STATUS_LABELS[status]}</span>;
}
