import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError, NotFound, type FieldProblem } from '../common/domain-error.js';
import { normaliseDocNumber } from '../documents/doc-number.js';
import { SYSTEM_ACTOR, type Actor } from '../documents/document.model.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { RelationsRepository } from '../relations/relations.repository.js';
import {
  decideTransition,
  EXPIRY_REASON_LABELS,
  EXPIRY_REASONS,
  type ExpiryReason,
  type LegalAction,
} from './validity-state-machine.js';
import type { ValidityStatus } from './validity-status.js';
import { planChanges, type Plan } from './validity-timeline.js';
import {
  type NewEvent,
  type StoredEvent,
  type StoredScheduledAction,
  type ValidityDocument,
  ValidityRepository,
} from './validity.repository.js';

/** A validity action as the legal office asks for it. */
export interface ValidityRequest {
  action: LegalAction | 'correction';
  effectiveOn: string;
  reason?: string | null;
  basisDocumentId?: string | null;
  basisDocNumber?: string | null;
  provisions?: string[] | null;
  /** correction only: the status the document should have, and the event it replaces. */
  toStatus?: ValidityStatus | null;
  correctsEventId?: string | null;
}

export interface ValidityOutcome {
  documentId: string;
  /** The event the action recorded; null when it was scheduled for a later date. */
  event: StoredEvent | null;
  scheduled: StoredScheduledAction | null;
  status: ValidityStatus;
  version: number;
}

/** An action checked and completed with what the rules derive (reason code, resolved basis). */
interface CheckedRequest extends ValidityRequest {
  reason: string | null;
  reasonCode: ExpiryReason | null;
  basisDocumentId: string | null;
  basisDocNumber: string | null;
  provisions: string[] | null;
}

/** Accepts an expiry reason by its code or its Chinese label. */
export function parseExpiryReason(reason: string | null | undefined): ExpiryReason | null {
  if (!reason) return null;
  const r = reason.trim();
  if ((EXPIRY_REASONS as readonly string[]).includes(r)) return r as ExpiryReason;
  return EXPIRY_REASONS.find((code) => EXPIRY_REASON_LABELS[code] === r) ?? null;
}

/** The first day a document is in force: its effectiveFrom, else its publication. */
export const startOf = (d: Pick<ValidityDocument, 'effectiveFrom' | 'publishedOn'>) => d.effectiveFrom ?? d.publishedOn;

const unprocessable = (code: string, message: string, errors: FieldProblem[] = [], extensions = {}) =>
  new DomainError('unprocessable', code, message, errors, extensions);

/**
 * Applies the legal office's validity actions and the library's own (taking effect, expiry, scheduled
 * actions). Every change: event, status cache, version, outbox, all in one transaction with the
 * document row locked.
 */
@Injectable()
export class ValidityService {
  constructor(
    private readonly validity: ValidityRepository,
    private readonly relations: RelationsRepository,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  /** `expectedVersion` is the version the officer saw (If-Match); a stale one changes nothing (412). */
  async apply(
    documentId: string,
    request: ValidityRequest,
    expectedVersion: number,
    actor: Actor,
  ): Promise<ValidityOutcome> {
    const today = this.clock.today();
    return this.validity.transaction(async (tx) => {
      const [doc] = await this.validity.lockDocuments(tx, [documentId]);
      if (!doc) throw new NotFound('document', documentId);
      if (doc.version !== expectedVersion) {
        throw new DomainError(
          'precondition_failed',
          'document.version_mismatch',
          `The document has changed since you read it: it is at version ${doc.version}. Read it again before acting.`,
          [],
          { currentVersion: doc.version },
        );
      }
      return this.applyToLocked(tx, doc, request, actor, today);
    });
  }

  /**
   * Applies one action to a document the caller has locked (`lockDocuments`) in its transaction:
   * the single-document endpoint and a clean-up's finalisation share it.
   */
  async applyToLocked(
    tx: EntityManager,
    doc: ValidityDocument,
    request: ValidityRequest,
    actor: Actor,
    today: string = this.clock.today(),
  ): Promise<ValidityOutcome> {
    const checked = await this.check(tx, doc, request);
    // First bring the document up to date (a sweep may not have run yet today).
    let scheduled = await this.validity.scheduledFor(tx, [doc.id]);
    doc.status = await this.applyPlan(tx, doc, planChanges(doc, scheduled, today), scheduled);
    scheduled = scheduled.filter((s) => s.effectiveOn > today);

    let event: StoredEvent | null = null;
    let scheduledAction: StoredScheduledAction | null = null;
    if (checked.action === 'correction') {
      event = await this.correct(tx, doc, checked, today, actor);
    } else if (checked.effectiveOn <= today) {
      const latest = await this.validity.latestEvent(tx, doc.id);
      // Reviewing an unmarked document may date the finding before the placeholder that says "not yet
      // reviewed" (registration or import day): the finding then replaces that placeholder.
      let supersedes: StoredEvent | null = null;
      if (latest && checked.effectiveOn < latest.effectiveOn && latest.toStatus === 'unmarked') {
        const before = await this.validity.eventBefore(tx, doc.id, latest);
        if (!before || checked.effectiveOn >= before.effectiveOn) supersedes = latest;
      }
      if (latest && checked.effectiveOn < latest.effectiveOn && !supersedes) {
        throw new DomainError(
          'conflict',
          'validity.before_last_change',
          `The last recorded change (${latest.action}, ${latest.toStatus}) is dated ${latest.effectiveOn}; ` +
            'an action cannot be dated before it. If that change is wrong, correct it first.',
          [{ field: 'effectiveOn', reason: `must not be before ${latest.effectiveOn}` }],
          { lastChangeOn: latest.effectiveOn, lastEventId: latest.id },
        );
      }
      const decision = decideTransition(doc.status, checked.action);
      if (!decision.allowed) throw this.illegal(doc, decision.code, decision.message);
      event = await this.validity.insertEvent(tx, {
        ...this.eventOf(doc, checked, decision.to, actor),
        correctsEventId: supersedes?.id ?? null,
      });
      doc.status = decision.to;
    } else {
      // A future date: check that the action will still be possible then, and keep it until that day.
      const probe = { id: String(Number.MAX_SAFE_INTEGER), action: checked.action, effectiveOn: checked.effectiveOn };
      const projected = planChanges(doc, [...scheduled, probe], checked.effectiveOn);
      const failed = projected.failed.find((f) => f.scheduledId === probe.id);
      if (failed) {
        const before = planChanges(doc, scheduled, checked.effectiveOn);
        throw this.illegal(
          { ...doc, status: before.status },
          failed.code,
          `On ${checked.effectiveOn} the document will be ${before.status}: ${failed.message}`,
        );
      }
      scheduledAction = await this.validity.insertScheduled(tx, {
        documentId: doc.id,
        action: checked.action,
        effectiveOn: checked.effectiveOn,
        reason: checked.reason,
        reasonCode: checked.reasonCode,
        basisDocumentId: checked.basisDocumentId,
        basisDocNumber: checked.basisDocNumber,
        provisions: checked.provisions,
        actor,
      });
    }
    if (checked.action === 'repeal') {
      await this.recordRepealRelation(tx, doc.id, checked, actor);
      // The repealing document gains a relation too: it changed, for readers and the provincial push.
      if (checked.basisDocumentId) {
        await this.relations.touch(tx, [checked.basisDocumentId]);
        await this.outbox.recordChanges(tx, [checked.basisDocumentId], 'validity');
      }
    }
    // A backdated action may itself be overtaken by a later automatic change (e.g. expiry).
    doc.lastChangeOn = (await this.validity.latestEvent(tx, doc.id))?.effectiveOn ?? null;
    doc.status = await this.applyPlan(tx, doc, planChanges(doc, [], today), []);
    await this.validity.setStatuses(tx, [{ id: doc.id, status: doc.status }]);
    await this.outbox.recordChanges(tx, [doc.id], 'validity');
    return {
      documentId: doc.id,
      event,
      scheduled: scheduledAction,
      status: doc.status,
      version: doc.version + 1,
    };
  }

  /** Cancels a scheduled action before its date (If-Match like any action); the document gets a new version. */
  async cancelScheduled(
    documentId: string,
    scheduledId: string,
    reason: string,
    expectedVersion: number,
    actor: Actor,
  ): Promise<StoredScheduledAction> {
    return this.validity.transaction(async (tx) => {
      const [doc] = await this.validity.lockDocuments(tx, [documentId]);
      if (!doc) throw new NotFound('document', documentId);
      if (doc.version !== expectedVersion) {
        throw new DomainError(
          'precondition_failed',
          'document.version_mismatch',
          `The document has changed since you read it: it is at version ${doc.version}. Read it again before acting.`,
          [],
          { currentVersion: doc.version },
        );
      }
      const cancelled = await this.validity.cancelScheduled(tx, documentId, scheduledId, reason, actor.username);
      if (!cancelled) {
        throw new DomainError(
          'conflict',
          'validity.not_scheduled',
          `The document has no scheduled action ${scheduledId} waiting for its date (it may have been applied already).`,
        );
      }
      await this.validity.setStatuses(tx, [{ id: doc.id, status: doc.status }]);
      await this.outbox.recordChanges(tx, [doc.id], 'validity');
      return cancelled;
    });
  }

  /**
   * Brings locked documents up to `today`: every planned change becomes an event with its own effective
   * date; scheduled actions are settled. Returns nothing to write when nothing was due (idempotent).
   * Used by the daily sweep on batches of documents.
   */
  async advance(
    tx: EntityManager,
    docs: ValidityDocument[],
    today: string,
  ): Promise<{ changed: number; events: number; failed: number }> {
    const scheduled = await this.validity.scheduledFor(
      tx,
      docs.map((d) => d.id),
    );
    const byDoc = new Map<string, StoredScheduledAction[]>();
    for (const s of scheduled) byDoc.set(s.documentId, [...(byDoc.get(s.documentId) ?? []), s]);
    const libraryEvents: NewEvent[] = [];
    const statuses: { id: string; status: ValidityStatus }[] = [];
    let events = 0;
    let failed = 0;
    for (const doc of docs) {
      const mine = byDoc.get(doc.id) ?? [];
      const plan = planChanges(doc, mine, today);
      failed += plan.failed.length;
      if (!plan.changes.length && !plan.failed.length) continue;
      events += plan.changes.length;
      if (plan.changes.some((c) => c.scheduledId) || plan.failed.length) {
        // Rare: scheduled actions carry their own reason, basis and actor; write them one by one.
        await this.applyPlan(tx, doc, plan, mine);
      } else {
        for (const c of plan.changes) libraryEvents.push(this.libraryEvent(doc.id, c));
      }
      if (plan.status !== doc.status) statuses.push({ id: doc.id, status: plan.status });
    }
    await this.validity.insertEvents(tx, libraryEvents);
    await this.validity.setStatuses(tx, statuses);
    await this.outbox.recordChanges(
      tx,
      statuses.map((s) => s.id),
      'validity',
    );
    return { changed: statuses.length, events, failed };
  }

  /** Writes a plan's changes as events and settles the scheduled actions it carried out or could not. */
  private async applyPlan(
    tx: EntityManager,
    doc: ValidityDocument,
    plan: Plan,
    scheduled: StoredScheduledAction[],
  ): Promise<ValidityStatus> {
    const byId = new Map(scheduled.map((s) => [s.id, s]));
    const settled: { id: string; state: 'applied' | 'failed'; eventId: string | null; failure: string | null }[] = [];
    for (const c of plan.changes) {
      const s = c.scheduledId ? byId.get(c.scheduledId) : undefined;
      const event = await this.validity.insertEvent(
        tx,
        s
          ? {
              documentId: doc.id,
              action: c.action,
              fromStatus: c.from,
              toStatus: c.to,
              effectiveOn: c.effectiveOn,
              reason: s.reason,
              reasonCode: s.reasonCode as ExpiryReason | null,
              basisDocumentId: s.basisDocumentId,
              basisDocNumber: s.basisDocNumber,
              provisions: s.provisions,
              correctsEventId: null,
              actor: { id: s.actorId, username: s.actorName },
            }
          : this.libraryEvent(doc.id, c),
      );
      if (s) settled.push({ id: s.id, state: 'applied', eventId: event.id, failure: null });
    }
    for (const f of plan.failed)
      settled.push({ id: f.scheduledId, state: 'failed', eventId: null, failure: f.message });
    await this.validity.settleScheduled(tx, settled);
    const last = plan.changes.at(-1);
    if (last && (!doc.lastChangeOn || last.effectiveOn > doc.lastChangeOn)) doc.lastChangeOn = last.effectiveOn;
    return plan.status;
  }

  private libraryEvent(documentId: string, c: Plan['changes'][number]): NewEvent {
    return {
      documentId,
      action: c.action,
      fromStatus: c.from,
      toStatus: c.to,
      effectiveOn: c.effectiveOn,
      reason: c.reason ?? null,
      reasonCode: c.reasonCode ?? null,
      basisDocumentId: null,
      basisDocNumber: null,
      provisions: null,
      correctsEventId: null,
      actor: SYSTEM_ACTOR,
    };
  }

  private eventOf(doc: ValidityDocument, r: CheckedRequest, to: ValidityStatus, actor: Actor): NewEvent {
    return {
      documentId: doc.id,
      action: r.action,
      fromStatus: doc.status,
      toStatus: to,
      effectiveOn: r.effectiveOn,
      reason: r.reason,
      reasonCode: r.reasonCode,
      basisDocumentId: r.basisDocumentId,
      basisDocNumber: r.basisDocNumber,
      provisions: r.provisions,
      correctsEventId: null,
      actor,
    };
  }

  /**
   * A correction replaces the latest event (the one that set the current status) by a new, audited event.
   * The replaced event stays in the history, marked as corrected, and no longer counts for any date.
   */
  private async correct(
    tx: EntityManager,
    doc: ValidityDocument,
    r: CheckedRequest,
    today: string,
    actor: Actor,
  ): Promise<StoredEvent> {
    const latest = await this.validity.latestEvent(tx, doc.id);
    if (!latest || latest.id !== r.correctsEventId) {
      throw new DomainError(
        'conflict',
        'validity.correct_latest_only',
        latest
          ? `Only the latest change can be corrected: event ${latest.id} (${latest.action} on ${latest.effectiveOn}). ` +
              'Correct it first, then the one before.'
          : 'The document has no event to correct.',
        [{ field: 'correctsEventId', reason: latest ? `must be ${latest.id}` : 'no event to correct' }],
        { latestEventId: latest?.id ?? null },
      );
    }
    if (r.effectiveOn > today) {
      throw unprocessable(
        'validity.correction_in_future',
        'A correction states what is true up to today; it cannot be dated in the future.',
        [{ field: 'effectiveOn', reason: `must not be after today (${today})` }],
      );
    }
    const before = await this.validity.eventBefore(tx, doc.id, latest);
    if (before && r.effectiveOn < before.effectiveOn) {
      throw unprocessable(
        'validity.before_last_change',
        `The change before the corrected one is dated ${before.effectiveOn}; the correction cannot be dated earlier.`,
        [{ field: 'effectiveOn', reason: `must not be before ${before.effectiveOn}` }],
      );
    }
    const decision = decideTransition(doc.status, 'correction', r.toStatus!);
    if (!decision.allowed) throw this.illegal(doc, decision.code, decision.message);
    const event = await this.validity.insertEvent(tx, {
      ...this.eventOf({ ...doc, status: latest.toStatus }, r, decision.to, actor),
      fromStatus: before?.toStatus ?? null,
      correctsEventId: latest.id,
    } as NewEvent);
    doc.status = decision.to;
    return event;
  }

  /** Checks the request against the document; problems of meaning are 422, naming each field. */
  private async check(tx: EntityManager, doc: ValidityDocument, r: ValidityRequest): Promise<CheckedRequest> {
    const problems: FieldProblem[] = [];
    const reason = r.reason?.trim() || null;
    let reasonCode: ExpiryReason | null = null;
    let basisDocumentId = r.basisDocumentId ?? null;
    let basisDocNumber = r.basisDocNumber?.trim() ? normaliseDocNumber(r.basisDocNumber.trim()) : null;
    const provisions = r.provisions?.map((p) => p.trim()).filter((p) => p !== '') ?? null;

    const start = startOf(doc);
    if (start && r.effectiveOn < start) {
      problems.push({ field: 'effectiveOn', reason: `must not be before the document took effect (${start})` });
    }
    switch (r.action) {
      case 'repeal': {
        if (!basisDocumentId && !basisDocNumber) {
          problems.push({
            field: 'basisDocumentId',
            reason: 'a repeal needs the repealing document: basisDocumentId or basisDocNumber',
          });
        }
        if (basisDocumentId === doc.id || (basisDocNumber && basisDocNumber === doc.docNumber)) {
          problems.push({
            field: basisDocumentId === doc.id ? 'basisDocumentId' : 'basisDocNumber',
            reason: 'a document cannot repeal itself',
          });
        }
        if (
          basisDocumentId &&
          basisDocumentId !== doc.id &&
          !(await this.validity.documentExists(basisDocumentId, tx))
        ) {
          problems.push({ field: 'basisDocumentId', reason: `no document with id ${basisDocumentId}` });
        }
        if (!basisDocumentId && basisDocNumber && basisDocNumber !== doc.docNumber) {
          // A repealing document in the library, named by its number, is linked as such.
          const ids = await this.validity.idsByDocNumber(basisDocNumber, tx);
          if (ids.length === 1 && ids[0] !== doc.id) basisDocumentId = ids[0];
        }
        break;
      }
      case 'expire':
        reasonCode = parseExpiryReason(reason);
        if (!reasonCode) {
          problems.push({
            field: 'reason',
            reason: `must be one of ${EXPIRY_REASONS.map((c) => `${c} (${EXPIRY_REASON_LABELS[c]})`).join(', ')}`,
          });
        }
        break;
      case 'partially_invalidate':
        if (!provisions?.length)
          problems.push({ field: 'provisions', reason: 'must name the provisions that lose force, e.g. 第五条' });
        break;
      case 'mark_in_force':
        if (doc.validUntil && r.effectiveOn > doc.validUntil) {
          problems.push({ field: 'effectiveOn', reason: `the validity period ended on ${doc.validUntil}` });
        }
        break;
      case 'correction':
        if (!r.toStatus) problems.push({ field: 'toStatus', reason: 'a correction must state the corrected status' });
        if (!r.correctsEventId)
          problems.push({ field: 'correctsEventId', reason: 'a correction must name the event it corrects' });
        if (!reason) problems.push({ field: 'reason', reason: 'a correction must say why' });
        break;
    }
    if (problems.length) {
      throw unprocessable('validity.invalid_action', 'The validity action cannot be applied as given.', problems);
    }
    if (basisDocumentId && !basisDocNumber) basisDocNumber = await this.validity.docNumberOf(basisDocumentId, tx);
    return {
      ...r,
      reason: reasonCode ? EXPIRY_REASON_LABELS[reasonCode] : reason,
      reasonCode,
      basisDocumentId,
      basisDocNumber,
      provisions: r.action === 'partially_invalidate' ? provisions : null,
    };
  }

  private async recordRepealRelation(tx: EntityManager, documentId: string, r: CheckedRequest, actor: Actor) {
    await this.relations.link(
      tx,
      {
        documentId,
        kind: 'repealed_by',
        targetDocumentId: r.basisDocumentId,
        targetDocNumber: r.basisDocumentId ? null : r.basisDocNumber,
        targetTitle: null,
      },
      actor.username,
    );
  }

  private illegal(doc: Pick<ValidityDocument, 'status'>, code: string, message: string): DomainError {
    return new DomainError('conflict', code, message, [], { currentStatus: doc.status });
  }
}
