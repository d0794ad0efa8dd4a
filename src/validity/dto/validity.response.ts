import { actingOffice } from '../../auth/acting-office.js';
import { STATUS_LABELS, type ValidityStatus } from '../validity-status.js';
import { ACTION_LABELS, EXPIRY_REASON_LABELS, type ExpiryReason } from '../validity-state-machine.js';
import type { StoredEvent, StoredScheduledAction } from '../validity.repository.js';

const label = (status: ValidityStatus | null) => (status ? STATUS_LABELS[status] : null);
const actionLabel = (action: string) => ACTION_LABELS[action as keyof typeof ACTION_LABELS] ?? action;

/** One validity event as the history shows it. */
export class ValidityEventResponse {
  id: string;
  action: string;
  actionLabel: string;
  fromStatus: ValidityStatus | null;
  fromStatusLabel: string | null;
  toStatus: ValidityStatus;
  toStatusLabel: string;
  effectiveOn: string;
  reason: string | null;
  reasonCode: string | null;
  basisDocumentId: string | null;
  basisDocNumber: string | null;
  provisions: string[] | null;
  /** Set on a correction: the event it replaced. */
  correctsEventId: string | null;
  /** Set on an event a later correction replaced; such an event no longer counts. */
  correctedByEventId: string | null;
  /** The acting office: 法制机构 (legal), 编辑 (editor), 管理员 (admin) or 系统 (the library itself). */
  actedBy: string;
  /** The acting user's login name: only in answers to staff (a request with a valid token). */
  actor?: string;
  recordedAt: string;
}

export class ScheduledActionResponse {
  id: string;
  action: string;
  actionLabel: string;
  effectiveOn: string;
  reason: string | null;
  reasonCode: string | null;
  basisDocumentId: string | null;
  basisDocNumber: string | null;
  provisions: string[] | null;
  /** scheduled (waiting for its date), applied (see eventId), failed (see failure) or cancelled. */
  state: 'scheduled' | 'applied' | 'failed' | 'cancelled';
  eventId: string | null;
  failure: string | null;
  /** As on events: the acting office. */
  actedBy: string;
  /** Only in answers to staff. */
  actor?: string;
  recordedAt: string;
}

/** `staff`: the answer goes to an authenticated user, who may see login names. */
export function toEventResponse(e: StoredEvent, staff: boolean): ValidityEventResponse {
  return {
    id: e.id,
    action: e.action,
    actionLabel: actionLabel(e.action),
    fromStatus: e.fromStatus,
    fromStatusLabel: label(e.fromStatus),
    toStatus: e.toStatus,
    toStatusLabel: STATUS_LABELS[e.toStatus],
    effectiveOn: e.effectiveOn,
    reason: e.reason,
    reasonCode: e.reasonCode,
    basisDocumentId: e.basisDocumentId,
    basisDocNumber: e.basisDocNumber,
    provisions: e.provisions,
    correctsEventId: e.correctsEventId,
    correctedByEventId: e.correctedByEventId,
    actedBy: actingOffice(e.actorRole),
    ...(staff ? { actor: e.actorName } : {}),
    recordedAt: new Date(e.recordedAt).toISOString(),
  };
}

export function toScheduledResponse(s: StoredScheduledAction, staff: boolean): ScheduledActionResponse {
  return {
    id: s.id,
    action: s.action,
    actionLabel: actionLabel(s.action),
    effectiveOn: s.effectiveOn,
    reason: s.reason ?? (s.reasonCode ? EXPIRY_REASON_LABELS[s.reasonCode as ExpiryReason] : null),
    reasonCode: s.reasonCode,
    basisDocumentId: s.basisDocumentId,
    basisDocNumber: s.basisDocNumber,
    provisions: s.provisions,
    state: s.state,
    eventId: s.eventId,
    failure: s.failure,
    actedBy: actingOffice(s.actorRole),
    ...(staff ? { actor: s.actorName } : {}),
    recordedAt: new Date(s.createdAt).toISOString(),
  };
}
