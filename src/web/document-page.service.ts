import { Injectable } from '@nestjs/common';
import type { StoredDocument } from '../documents/document.model.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { RelationRow } from '../relations/relations.repository.js';
import { RelationsService } from '../relations/relations.service.js';
import { planChanges, type PlannedChange } from '../validity/validity-timeline.js';
import type { ValidityStatus } from '../validity/validity-status.js';
import { type StoredEvent, type StoredScheduledAction, ValidityRepository } from '../validity/validity.repository.js';
import { isVoid } from './public-history.js';

/** The document's validity on a day: the status, since when, and the event that set it. */
export interface ValidityOnDay {
  status: ValidityStatus;
  since: string | null;
  event: StoredEvent | null;
}

export interface DocumentPageData {
  doc: StoredDocument;
  relations: RelationRow[];
  events: StoredEvent[];
  scheduled: StoredScheduledAction[];
  /** Today's validity (the document's status and the event that set it). */
  current: ValidityOnDay;
  /** With ?on=: the validity that day; null when nothing was recorded by then. */
  viewed?: ValidityOnDay | null;
  /** Changes still to come: scheduled actions, taking effect, expiry after validUntil. */
  planned: { change: PlannedChange; scheduled?: StoredScheduledAction }[];
}

/** Everything a document page shows, read through the services that own it (one round of queries). */
@Injectable()
export class DocumentPageService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly relations: RelationsService,
    private readonly validity: ValidityRepository,
  ) {}

  async load(id: string, on?: string): Promise<DocumentPageData> {
    const [doc, relations, history, span] = await Promise.all([
      this.documents.get(id),
      this.relations.forDocument(id),
      this.validity.historyInOneQuery(id),
      on ? this.validity.statusOn(id, on) : Promise.resolve(undefined),
    ]);
    const counted = history.events.filter((e) => !isVoid(e));
    const last = counted.at(-1) ?? null;
    const current: ValidityOnDay = { status: doc.status, since: last?.effectiveOn ?? null, event: last };
    // The event that began the period, as the status periods (validity_span) record it.
    const viewed =
      span === undefined
        ? undefined
        : span === null
          ? null
          : {
              status: span.status,
              since: span.since,
              event: counted.filter((e) => e.effectiveOn === span.since).at(-1) ?? null,
            };
    const waiting = history.scheduled.filter((s) => s.state === 'scheduled');
    const plan = planChanges(
      {
        status: doc.status,
        effectiveFrom: doc.effectiveFrom,
        validUntil: doc.validUntil,
        lastChangeOn: last?.effectiveOn ?? null,
      },
      waiting.map((s) => ({ id: s.id, action: s.action, effectiveOn: s.effectiveOn })),
      '2999-12-31',
    );
    const planned = plan.changes.map((change) => ({
      change,
      scheduled: change.scheduledId ? waiting.find((s) => s.id === change.scheduledId) : undefined,
    }));
    return { doc, relations, events: history.events, scheduled: history.scheduled, current, viewed, planned };
  }
}
