import { actingOffice } from '../auth/acting-office.js';
import type { BasisLink } from '../ui/components/validity-summary.js';
import type { TimelineItem } from '../ui/components/timeline.js';
import { formatInstant } from '../ui/format.js';
import type { StoredEvent, StoredScheduledAction } from '../validity/validity.repository.js';
import { ACTION_LABELS, EXPIRY_REASON_LABELS, type ExpiryReason } from '../validity/validity-state-machine.js';
import { STATUS_LABELS, type ValidityStatus } from '../validity/validity-status.js';
import type { PlannedChange } from '../validity/validity-timeline.js';

/** The office that acted, as public pages show it (never a login name): 法制机构, 编辑, 管理员 or 系统. */
export function actedBy(e: Pick<StoredEvent, 'actorRole'>): string {
  return actingOffice(e.actorRole);
}

const actionLabel = (action: string) => ACTION_LABELS[action as keyof typeof ACTION_LABELS] ?? action;
const statusLabel = (s: ValidityStatus) => STATUS_LABELS[s];

/** The page of a document named by id, else the permalink of its number (which says when it is not in the library). */
export function basisOf(e: { basisDocumentId: string | null; basisDocNumber: string | null }): BasisLink | null {
  if (e.basisDocumentId) return { label: e.basisDocNumber ?? '依据文件', href: `/documents/${e.basisDocumentId}` };
  if (e.basisDocNumber) return { label: e.basisDocNumber, href: `/d/${encodeURIComponent(e.basisDocNumber)}` };
  return null;
}

/** The reason as the reader should read it: a coded expiry reason in Chinese, else the words recorded. */
export function reasonOf(e: { reason: string | null; reasonCode: string | null }): string | null {
  return e.reason ?? (e.reasonCode ? (EXPIRY_REASON_LABELS[e.reasonCode as ExpiryReason] ?? null) : null);
}

/** What happened, in a sentence: 施行：由“尚未生效”变为“现行有效”. */
export function eventSentence(e: {
  action: string;
  fromStatus: ValidityStatus | null;
  toStatus: ValidityStatus;
}): string {
  if (e.fromStatus === null) return `${actionLabel(e.action)}收录，有效性为“${statusLabel(e.toStatus)}”`;
  if (e.fromStatus === e.toStatus) return `${actionLabel(e.action)}，仍为“${statusLabel(e.toStatus)}”`;
  return `${actionLabel(e.action)}：由“${statusLabel(e.fromStatus)}”变为“${statusLabel(e.toStatus)}”`;
}

function BasisView({ basis }: { basis: BasisLink }) {
  return basis.href ? <a href={basis.href}>{basis.label}</a> : <>{basis.label}</>;
}

function details(e: {
  basisDocumentId: string | null;
  basisDocNumber: string | null;
  reason: string | null;
  reasonCode: string | null;
  provisions: string[] | null;
}) {
  const out = [];
  const basis = basisOf(e);
  if (basis)
    out.push(
      <>
        依据：
        <BasisView basis={basis} />
      </>,
    );
  const reason = reasonOf(e);
  if (reason) out.push(<>理由：{reason}</>);
  if (e.provisions?.length) out.push(<>不再有效的条款：{e.provisions.join('、')}</>);
  return out;
}

/** Whether an event no longer counts (a correction replaced it, or a later action superseded it). */
export function isVoid(e: StoredEvent & { supersededByEventId?: string | null }): boolean {
  return e.correctedByEventId !== null || !!e.supersededByEventId;
}

/**
 * The document's history as a timeline: every recorded event (those that no longer count struck through and
 * said so), then what is planned (scheduled actions, taking effect, expiry). With `on`, events after that
 * day are marked as later.
 */
export function historyTimeline(
  events: StoredEvent[],
  planned: { change: PlannedChange; scheduled?: StoredScheduledAction }[],
  options: { timeZone: string; on?: string },
): TimelineItem[] {
  const items: TimelineItem[] = events.map((e) => {
    const voided = isVoid(e);
    const later = !!options.on && e.effectiveOn > options.on;
    return {
      id: `event-${e.id}`,
      date: e.effectiveOn,
      what: eventSentence(e),
      details: details(e),
      meta: `记录于 ${formatInstant(e.recordedAt, options.timeZone)}，办理：${actedBy(e)}`,
      state: voided ? 'void' : later ? 'later' : 'counted',
      note: voided ? '（已被更正，不再计入）' : later ? '（在所查日期之后）' : undefined,
    };
  });
  for (const { change, scheduled } of planned) {
    items.push({
      date: change.effectiveOn,
      what: `预定${eventSentence({ action: change.action, fromStatus: change.from, toStatus: change.to })}`,
      details: scheduled ? details(scheduled) : change.reason ? [<>理由：{change.reason}</>] : [],
      meta: scheduled
        ? `已决定，记录于 ${formatInstant(scheduled.createdAt, options.timeZone)}，办理：法制机构`
        : '到期自动变更',
      state: 'planned',
      note: '（尚未发生）',
    });
  }
  return items;
}
