import type { ValidityRequest } from '../validity/validity.service.js';
import type { ValidityStatus } from '../validity/validity-status.js';

/** 清理 decisions: 继续有效, 修改, 废止, 宣布失效. */
export const CLEANUP_DECISIONS = ['continue', 'amend', 'repeal', 'declare_invalid'] as const;
export type CleanupDecision = (typeof CLEANUP_DECISIONS)[number];
export const DECISION_LABELS: Record<CleanupDecision, string> = {
  continue: '继续有效',
  amend: '修改',
  repeal: '废止',
  declare_invalid: '宣布失效',
};

/** Accepts a decision by its code or its Chinese label. */
export function parseDecision(value: string): CleanupDecision | null {
  const v = value.trim();
  if ((CLEANUP_DECISIONS as readonly string[]).includes(v)) return v as CleanupDecision;
  return CLEANUP_DECISIONS.find((d) => DECISION_LABELS[d] === v) ?? null;
}

/**
 * The validity action a decision becomes when the campaign is finalised, or null when the status stays.
 * 继续有效 and 修改 keep a document in force (an unreviewed one is marked in force; the amendment itself is a
 * later document); 废止 repeals and 宣布失效 expires it, both on the basis of the decision document.
 */
export function decisionAction(
  decision: CleanupDecision,
  status: ValidityStatus,
  c: {
    effectiveOn: string;
    reason: string | null;
    decisionDocumentId: string | null;
    decisionDocNumber: string | null;
  },
): ValidityRequest | null {
  const basis = { basisDocumentId: c.decisionDocumentId, basisDocNumber: c.decisionDocNumber };
  switch (decision) {
    case 'continue':
    case 'amend':
      return status === 'unmarked'
        ? {
            action: 'mark_in_force',
            effectiveOn: c.effectiveOn,
            reason: `清理：${DECISION_LABELS[decision]}${c.reason ? `（${c.reason}）` : ''}`,
            ...basis,
          }
        : null;
    case 'repeal':
      return {
        action: 'repeal',
        effectiveOn: c.effectiveOn,
        reason: `清理：废止${c.reason ? `（${c.reason}）` : ''}`,
        ...basis,
      };
    case 'declare_invalid':
      return { action: 'expire', effectiveOn: c.effectiveOn, reason: 'declared_invalid', ...basis };
  }
}
