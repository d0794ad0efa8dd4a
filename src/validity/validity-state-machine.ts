import type { ValidityStatus } from './validity-status.js';

/**
 * The one place that decides every change of 有效性 (SPEC 2). Pure: no clock, no database.
 * Dates and inputs are checked by the service; this decides whether a status may move, and to what.
 */

/** What a legal officer may ask for (`POST /documents/{id}/validity`). */
export const LEGAL_ACTIONS = ['mark_in_force', 'repeal', 'expire', 'partially_invalidate'] as const;
export type LegalAction = (typeof LEGAL_ACTIONS)[number];

/** What the library does by itself: `take_effect` on effectiveFrom, `expire` the day after validUntil. */
export type LibraryAction = 'take_effect' | 'expire';

/** A correction replaces the latest event by an audited new one; it may set any status. */
export type TransitionAction = LegalAction | LibraryAction | 'correction';

/** Why a document expired (失效 without a repealing act). Codes are stable; labels are what users see. */
export const EXPIRY_REASONS = ['validity_period_ended', 'declared_invalid', 'basis_ceased'] as const;
export type ExpiryReason = (typeof EXPIRY_REASONS)[number];
export const EXPIRY_REASON_LABELS: Record<ExpiryReason, string> = {
  validity_period_ended: '有效期届满',
  declared_invalid: '清理中宣布失效',
  basis_ceased: '依据失效',
};

export const ACTION_LABELS: Record<TransitionAction | 'register', string> = {
  register: '登记',
  take_effect: '施行',
  mark_in_force: '标注现行有效',
  repeal: '废止',
  expire: '失效',
  partially_invalidate: '部分失效',
  correction: '更正',
};

export const TERMINAL_STATUSES: readonly ValidityStatus[] = ['expired', 'repealed'];

export type TransitionDecision =
  { allowed: true; to: ValidityStatus } | { allowed: false; code: string; message: string };

const TARGET: Record<Exclude<TransitionAction, 'correction'>, ValidityStatus> = {
  take_effect: 'in_force',
  mark_in_force: 'in_force',
  repeal: 'repealed',
  expire: 'expired',
  partially_invalidate: 'partially_in_force',
};

/**
 * Which statuses each action may start from. `unmarked` (never reviewed) may be moved to any status by
 * a legal action; `pending` only takes effect by itself; `expired` and `repealed` are terminal.
 */
const FROM: Record<Exclude<TransitionAction, 'correction'>, readonly ValidityStatus[]> = {
  take_effect: ['pending'],
  mark_in_force: ['unmarked'],
  repeal: ['unmarked', 'in_force', 'partially_in_force'],
  expire: ['unmarked', 'in_force', 'partially_in_force'],
  // A partially invalid document may lose further provisions.
  partially_invalidate: ['unmarked', 'in_force', 'partially_in_force'],
};

const refuse = (code: string, message: string): TransitionDecision => ({ allowed: false, code, message });

export function decideTransition(
  from: ValidityStatus,
  action: TransitionAction,
  correctionTarget?: ValidityStatus,
): TransitionDecision {
  if (action === 'correction') {
    if (!correctionTarget)
      return refuse('validity.correction_needs_status', 'A correction must name the corrected status.');
    return { allowed: true, to: correctionTarget };
  }
  if (FROM[action].includes(from)) return { allowed: true, to: TARGET[action] };
  if (from === 'repealed' || from === 'expired') {
    return refuse(
      `validity.already_${from}`,
      `The document is already ${from === 'repealed' ? '废止 (repealed)' : '失效 (expired)'}; that is final. ` +
        'A renewed document is a new document linked to this one; a wrong entry is fixed by a correction.',
    );
  }
  if (from === 'pending') {
    return refuse(
      'validity.not_yet_in_force',
      'The document is 尚未生效 (pending): it takes effect by itself on its effectiveFrom date. ' +
        'Date the action on or after that day.',
    );
  }
  if (action === 'mark_in_force' && (from === 'in_force' || from === 'partially_in_force')) {
    return refuse(
      'validity.already_in_force',
      from === 'in_force'
        ? 'The document is already 现行有效 (in force).'
        : 'The document is 部分失效; provisions that lost force do not come back. Register the renewal as a new document.',
    );
  }
  return refuse('validity.illegal_transition', `${action} is not possible from ${from}.`);
}
