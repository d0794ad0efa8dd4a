import { addDays } from '../common/calendar-date.js';
import {
  decideTransition,
  EXPIRY_REASON_LABELS,
  type ExpiryReason,
  type LegalAction,
  type TransitionAction,
} from './validity-state-machine.js';
import type { ValidityStatus } from './validity-status.js';

/** What the planner needs to know about a document. */
export interface TimelineDocument {
  status: ValidityStatus;
  effectiveFrom: string | null;
  validUntil: string | null;
  /** Date of the latest counted event: the library's own changes are never dated before it. */
  lastChangeOn?: string | null;
}

/** A legal action waiting for its effective date. */
export interface ScheduledAction {
  id: string;
  action: LegalAction;
  effectiveOn: string;
}

export interface PlannedChange {
  action: TransitionAction;
  from: ValidityStatus;
  to: ValidityStatus;
  effectiveOn: string;
  /** Set for the library's own changes; a scheduled action keeps the reason it was given. */
  reason?: string;
  reasonCode?: ExpiryReason;
  /** The scheduled action this change carries out. */
  scheduledId?: string;
}

export interface Plan {
  changes: PlannedChange[];
  /** Scheduled actions that can no longer apply (the document ended first), with why. */
  failed: { scheduledId: string; code: string; message: string }[];
  status: ValidityStatus;
}

/**
 * Every change due by `until`, in date order, each with its own effective date: the document taking
 * effect on effectiveFrom, scheduled actions on their dates, and expiry the day after validUntil.
 * On one date, taking effect comes first, then scheduled actions, then expiry (so a repeal dated the
 * day the period runs out wins over the expiry). Used by the daily sweep, by an action before it
 * applies (to catch up), and to check that a scheduled action will still be possible on its date.
 */
export function planChanges(doc: TimelineDocument, scheduled: ScheduledAction[], until: string): Plan {
  const queue = [...scheduled].sort((a, b) =>
    a.effectiveOn === b.effectiveOn ? Number(a.id) - Number(b.id) : a.effectiveOn < b.effectiveOn ? -1 : 1,
  );
  const changes: PlannedChange[] = [];
  const failed: Plan['failed'] = [];
  let status = doc.status;
  // A date edited after the fact (validUntil shortened below a later event) must not put an automatic
  // change before what is already recorded: it then takes effect on the date of the latest change.
  let floor = doc.lastChangeOn ?? null;
  const notBefore = (date: string) => (floor && date < floor ? floor : date);
  for (;;) {
    const candidates: { date: string; rank: number }[] = [];
    const takeEffect = doc.effectiveFrom ? notBefore(doc.effectiveFrom) : null;
    const expiryDate = doc.validUntil ? notBefore(addDays(doc.validUntil, 1)) : null;
    if (status === 'pending' && takeEffect && takeEffect <= until) {
      candidates.push({ date: takeEffect, rank: 0 });
    }
    if (queue.length && queue[0].effectiveOn <= until) candidates.push({ date: queue[0].effectiveOn, rank: 1 });
    if ((status === 'in_force' || status === 'partially_in_force') && expiryDate && expiryDate <= until) {
      candidates.push({ date: expiryDate, rank: 2 });
    }
    if (!candidates.length) break;
    candidates.sort((a, b) => (a.date === b.date ? a.rank - b.rank : a.date < b.date ? -1 : 1));
    const next = candidates[0];
    floor = next.date;
    if (next.rank === 0) {
      changes.push({
        action: 'take_effect',
        from: status,
        to: 'in_force',
        effectiveOn: next.date,
        reason: '自施行日期起生效',
      });
      status = 'in_force';
    } else if (next.rank === 2) {
      changes.push({
        action: 'expire',
        from: status,
        to: 'expired',
        effectiveOn: next.date,
        reason: EXPIRY_REASON_LABELS.validity_period_ended,
        reasonCode: 'validity_period_ended',
      });
      status = 'expired';
    } else {
      const action = queue.shift()!;
      const decision = decideTransition(status, action.action);
      if (decision.allowed) {
        changes.push({
          action: action.action,
          from: status,
          to: decision.to,
          effectiveOn: action.effectiveOn,
          scheduledId: action.id,
        });
        status = decision.to;
      } else {
        failed.push({ scheduledId: action.id, code: decision.code, message: decision.message });
      }
    }
  }
  return { changes, failed, status };
}
