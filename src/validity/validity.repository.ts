import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { modifyReturning } from '../database/query.js';
import type { Actor } from '../documents/document.model.js';
import type { DocumentCategory } from '../documents/document-category.js';
import type { LegalAction, TransitionAction } from './validity-state-machine.js';
import type { ValidityStatus } from './validity-status.js';

type Executor = Pick<EntityManager, 'query'>;

/** A document as the validity rules see it, read under a row lock. */
export interface ValidityDocument {
  id: string;
  title: string;
  docNumber: string | null;
  category: DocumentCategory;
  status: ValidityStatus;
  version: number;
  publishedOn: string | null;
  effectiveFrom: string | null;
  validUntil: string | null;
  /** Date of the latest counted event. */
  lastChangeOn: string | null;
}

export interface StoredEvent {
  id: string;
  documentId: string;
  action: string;
  fromStatus: ValidityStatus | null;
  toStatus: ValidityStatus;
  effectiveOn: string;
  reason: string | null;
  reasonCode: string | null;
  basisDocumentId: string | null;
  basisDocNumber: string | null;
  provisions: string[] | null;
  correctsEventId: string | null;
  correctedByEventId: string | null;
  actorId: string | null;
  actorName: string;
  /** The actor's role when recorded; null when the library acted. */
  actorRole: string | null;
  recordedAt: Date;
}

export interface StoredScheduledAction {
  id: string;
  documentId: string;
  action: LegalAction;
  effectiveOn: string;
  reason: string | null;
  reasonCode: string | null;
  basisDocumentId: string | null;
  basisDocNumber: string | null;
  provisions: string[] | null;
  actorId: string | null;
  actorName: string;
  actorRole: string | null;
  state: 'scheduled' | 'applied' | 'failed' | 'cancelled';
  eventId: string | null;
  failure: string | null;
  createdAt: Date;
}

export interface NewEvent {
  documentId: string;
  action: TransitionAction;
  fromStatus: ValidityStatus;
  toStatus: ValidityStatus;
  effectiveOn: string;
  reason: string | null;
  reasonCode: string | null;
  basisDocumentId: string | null;
  basisDocNumber: string | null;
  provisions: string[] | null;
  correctsEventId: string | null;
  actor: Actor;
}

export type NewScheduledAction = Omit<
  StoredScheduledAction,
  'id' | 'state' | 'eventId' | 'failure' | 'createdAt' | 'actorId' | 'actorName' | 'actorRole'
> & { actor: Actor };

/** A validity event with the document it changed (feeds, the home page). */
export interface ValidityChange extends StoredEvent {
  title: string;
  docNumber: string | null;
  issuer: string;
}

/** A document whose status, on some date, the expiring list shows. */
export interface ExpiringRow {
  id: string;
  title: string;
  docNumber: string | null;
  category: DocumentCategory;
  issuer: string;
  status: ValidityStatus;
  validUntil: string;
}

const EVENT_COLUMNS = `e.id, e.document_id AS "documentId", e.action, e.from_status AS "fromStatus", e.to_status AS "toStatus",
  e.effective_on AS "effectiveOn", e.reason, e.reason_code AS "reasonCode", e.basis_document_id AS "basisDocumentId",
  e.basis_doc_number AS "basisDocNumber", e.provisions, e.corrects_event_id AS "correctsEventId",
  (SELECT c.id FROM validity_event c WHERE c.corrects_event_id = e.id) AS "correctedByEventId",
  e.actor_id AS "actorId", e.actor_name AS "actorName", e.actor_role AS "actorRole", e.recorded_at AS "recordedAt"`;

const SCHEDULED_COLUMNS = `s.id, s.document_id AS "documentId", s.action, s.effective_on AS "effectiveOn", s.reason,
  s.reason_code AS "reasonCode", s.basis_document_id AS "basisDocumentId", s.basis_doc_number AS "basisDocNumber",
  s.provisions, s.actor_id AS "actorId", s.actor_name AS "actorName", s.actor_role AS "actorRole", s.state, s.event_id AS "eventId", s.failure,
  s.created_at AS "createdAt"`;

/** Events that count: every event but those a correction replaced. */
export const COUNTED_EVENT = (alias: string) =>
  `NOT EXISTS (SELECT 1 FROM validity_event c WHERE c.corrects_event_id = ${alias}.id)`;

/** Reads and writes validity events, scheduled actions and the status cache on documents. */
@Injectable()
export class ValidityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Locks the documents (in id order, so two sweeps cannot deadlock) and reads what the rules need. */
  async lockDocuments(tx: Executor, ids: string[]): Promise<ValidityDocument[]> {
    if (!ids.length) return [];
    return tx.query(
      `SELECT id, title, doc_number AS "docNumber", category, status, version, published_on AS "publishedOn",
              effective_from AS "effectiveFrom", valid_until AS "validUntil",
              (SELECT max(e.effective_on) FROM validity_event e WHERE e.document_id = document.id AND ${COUNTED_EVENT('e')})
                AS "lastChangeOn"
       FROM document WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  /** The latest event that counts (the one that set the current status). */
  async latestEvent(tx: Executor, documentId: string): Promise<StoredEvent | null> {
    const rows: StoredEvent[] = await tx.query(
      `SELECT ${EVENT_COLUMNS} FROM validity_event e WHERE e.document_id = $1 AND ${COUNTED_EVENT('e')}
       ORDER BY e.effective_on DESC, e.id DESC LIMIT 1`,
      [documentId],
    );
    return rows[0] ?? null;
  }

  async eventById(tx: Executor, id: string): Promise<StoredEvent | null> {
    const rows: StoredEvent[] = await tx.query(`SELECT ${EVENT_COLUMNS} FROM validity_event e WHERE e.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The counted event before `eventId` in the document's timeline. */
  async eventBefore(tx: Executor, documentId: string, event: StoredEvent): Promise<StoredEvent | null> {
    const rows: StoredEvent[] = await tx.query(
      `SELECT ${EVENT_COLUMNS} FROM validity_event e
       WHERE e.document_id = $1 AND ${COUNTED_EVENT('e')} AND (e.effective_on, e.id) < ($2::date, $3::bigint)
       ORDER BY e.effective_on DESC, e.id DESC LIMIT 1`,
      [documentId, event.effectiveOn, event.id],
    );
    return rows[0] ?? null;
  }

  async scheduledFor(tx: Executor, documentIds: string[]): Promise<StoredScheduledAction[]> {
    if (!documentIds.length) return [];
    return tx.query(
      `SELECT ${SCHEDULED_COLUMNS} FROM scheduled_validity_action s
       WHERE s.document_id = ANY($1::uuid[]) AND s.state = 'scheduled' ORDER BY s.effective_on, s.id`,
      [documentIds],
    );
  }

  async insertEvent(tx: Executor, e: NewEvent): Promise<StoredEvent> {
    const [row]: { id: string }[] = await tx.query(
      `INSERT INTO validity_event (document_id, action, from_status, to_status, effective_on, reason, reason_code,
         basis_document_id, basis_doc_number, provisions, corrects_event_id, actor_id, actor_name)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING id`,
      [
        e.documentId,
        e.action,
        e.fromStatus,
        e.toStatus,
        e.effectiveOn,
        e.reason,
        e.reasonCode,
        e.basisDocumentId,
        e.basisDocNumber,
        e.provisions,
        e.correctsEventId,
        e.actor.id,
        e.actor.username,
      ],
    );
    return (await this.eventById(tx, row.id))!;
  }

  /** Many events in one statement (the sweep). */
  async insertEvents(tx: Executor, events: NewEvent[]): Promise<void> {
    if (!events.length) return;
    await tx.query(
      `INSERT INTO validity_event (document_id, action, from_status, to_status, effective_on, reason, reason_code, actor_id, actor_name)
       SELECT x.d, x.a, x.f, x.t, x.e, x.r, x.c, x.ai, x.an
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::uuid[], $9::text[])
         WITH ORDINALITY AS x(d, a, f, t, e, r, c, ai, an, ord)
       ORDER BY x.ord`,
      [
        events.map((e) => e.documentId),
        events.map((e) => e.action),
        events.map((e) => e.fromStatus),
        events.map((e) => e.toStatus),
        events.map((e) => e.effectiveOn),
        events.map((e) => e.reason),
        events.map((e) => e.reasonCode),
        events.map((e) => e.actor.id),
        events.map((e) => e.actor.username),
      ],
    );
  }

  async insertScheduled(tx: Executor, s: NewScheduledAction): Promise<StoredScheduledAction> {
    const rows: StoredScheduledAction[] = await tx.query(
      `INSERT INTO scheduled_validity_action AS s (document_id, action, effective_on, reason, reason_code, basis_document_id,
         basis_doc_number, provisions, actor_id, actor_name)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING ${SCHEDULED_COLUMNS}`,
      [
        s.documentId,
        s.action,
        s.effectiveOn,
        s.reason,
        s.reasonCode,
        s.basisDocumentId,
        s.basisDocNumber,
        s.provisions,
        s.actor.id,
        s.actor.username,
      ],
    );
    return rows[0];
  }

  async settleScheduled(
    tx: Executor,
    settled: { id: string; state: 'applied' | 'failed'; eventId: string | null; failure: string | null }[],
  ): Promise<void> {
    if (!settled.length) return;
    await tx.query(
      `UPDATE scheduled_validity_action s SET state = x.state, event_id = x.event_id, failure = x.failure, settled_at = now()
       FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) AS x(id, state, event_id, failure)
       WHERE s.id = x.id`,
      [
        settled.map((s) => s.id),
        settled.map((s) => s.state),
        settled.map((s) => s.eventId),
        settled.map((s) => s.failure),
      ],
    );
  }

  /** Cancels a waiting scheduled action of the document; null when there is none with that id waiting. */
  async cancelScheduled(
    tx: EntityManager,
    documentId: string,
    id: string,
    reason: string,
    by: string,
  ): Promise<StoredScheduledAction | null> {
    const rows = await modifyReturning<StoredScheduledAction>(
      tx,
      `UPDATE scheduled_validity_action s SET state = 'cancelled', settled_at = now(), failure = $3
       WHERE s.id = $1 AND s.document_id = $2 AND s.state = 'scheduled'
       RETURNING ${SCHEDULED_COLUMNS}`,
      [id, documentId, `取消：${reason}（${by}）`],
    );
    return rows[0] ?? null;
  }

  /** Writes the status cache and bumps each document's version. */
  async setStatuses(tx: Executor, rows: { id: string; status: ValidityStatus }[]): Promise<void> {
    if (!rows.length) return;
    await tx.query(
      `UPDATE document d SET status = x.status, version = d.version + 1, updated_at = now()
       FROM unnest($1::uuid[], $2::text[]) AS x(id, status) WHERE d.id = x.id`,
      [rows.map((r) => r.id), rows.map((r) => r.status)],
    );
  }

  /**
   * Documents with a change due by `today`: pending ones whose effectiveFrom has come, in-force ones whose
   * validUntil has passed, and those with a scheduled action dated today or earlier.
   */
  async dueDocumentIds(today: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM document WHERE status = 'pending' AND effective_from <= $1::date
       UNION
       SELECT id FROM document WHERE status IN ('in_force', 'partially_in_force') AND valid_until < $1::date
       UNION
       SELECT document_id FROM scheduled_validity_action WHERE state = 'scheduled' AND effective_on <= $1::date`,
      [today],
    );
    return rows.map((r) => r.id);
  }

  async history(documentId: string): Promise<{ events: StoredEvent[]; scheduled: StoredScheduledAction[] }> {
    const [events, scheduled] = await Promise.all([
      this.dataSource.query(
        `SELECT ${EVENT_COLUMNS} FROM validity_event e WHERE e.document_id = $1 ORDER BY e.effective_on, e.id`,
        [documentId],
      ) as Promise<StoredEvent[]>,
      this.dataSource.query(
        `SELECT ${SCHEDULED_COLUMNS} FROM scheduled_validity_action s WHERE s.document_id = $1 ORDER BY s.effective_on, s.id`,
        [documentId],
      ) as Promise<StoredScheduledAction[]>,
    ]);
    return { events, scheduled };
  }

  /**
   * The document's status on a date, from its status periods (validity_span, derived from the counted events):
   * the status, the day that period began and the day after it ended; null before its first event.
   */
  async statusOn(
    documentId: string,
    date: string,
  ): Promise<{ status: ValidityStatus; since: string; until: string | null } | null> {
    const rows: { status: ValidityStatus; since: string; until: string | null }[] = await this.dataSource.query(
      `SELECT status, valid_from AS since, valid_to AS until FROM validity_span
       WHERE document_id = $1 AND during @> $2::date`,
      [documentId, date],
    );
    return rows[0] ?? null;
  }

  /**
   * Validity changes across the library, newest recorded first (the validity feed): every event that changed
   * a status, that is all but a document's first. `beforeId` pages on.
   */
  async recentChanges(options: { beforeId?: string; limit: number }): Promise<ValidityChange[]> {
    const params: unknown[] = [options.limit];
    const where = ['e.from_status IS NOT NULL'];
    if (options.beforeId) {
      params.push(options.beforeId);
      where.push(`e.id < $${params.length}::bigint`);
    }
    return this.dataSource.query(
      `SELECT ${EVENT_COLUMNS}, d.title, d.doc_number AS "docNumber", i.name AS issuer
       FROM validity_event e JOIN document d ON d.id = e.document_id JOIN issuer i ON i.id = d.issuer_id
       WHERE ${where.join(' AND ')}
       ORDER BY e.id DESC LIMIT $1`,
      params,
    );
  }

  /** Documents that most recently ended (repealed or expired) by `until`, by the day they ended, latest first. */
  async recentEndings(until: string, limit: number): Promise<ValidityChange[]> {
    return this.dataSource.query(
      `SELECT ${EVENT_COLUMNS}, d.title, d.doc_number AS "docNumber", i.name AS issuer
       FROM validity_event e JOIN document d ON d.id = e.document_id JOIN issuer i ON i.id = d.issuer_id
       WHERE e.to_status IN ('expired', 'repealed') AND e.effective_on <= $1::date AND ${COUNTED_EVENT('e')}
       ORDER BY e.effective_on DESC, e.id DESC LIMIT $2`,
      [until, limit],
    );
  }

  /** The same as history(), read in one round trip (the document page). */
  async historyInOneQuery(documentId: string): Promise<{ events: StoredEvent[]; scheduled: StoredScheduledAction[] }> {
    const [row]: { events: StoredEvent[]; scheduled: StoredScheduledAction[] }[] = await this.dataSource.query(
      `SELECT
         (SELECT coalesce(json_agg(x), '[]') FROM (
            SELECT ${EVENT_COLUMNS} FROM validity_event e WHERE e.document_id = $1 ORDER BY e.effective_on, e.id) x) AS events,
         (SELECT coalesce(json_agg(x), '[]') FROM (
            SELECT ${SCHEDULED_COLUMNS} FROM scheduled_validity_action s WHERE s.document_id = $1 ORDER BY s.effective_on, s.id) x) AS scheduled`,
      [documentId],
    );
    // JSON carries bigint ids as numbers and instants as text: back to the shapes history() returns.
    const id = (v: string | number | null) => (v === null || v === undefined ? null : String(v));
    return {
      events: row.events.map((e) => ({
        ...e,
        id: String(e.id),
        correctsEventId: id(e.correctsEventId),
        correctedByEventId: id(e.correctedByEventId),
        recordedAt: new Date(e.recordedAt),
      })),
      scheduled: row.scheduled.map((s) => ({
        ...s,
        id: String(s.id),
        eventId: id(s.eventId),
        createdAt: new Date(s.createdAt),
      })),
    };
  }

  async documentExists(id: string, tx: Executor = this.dataSource): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM document WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async docNumberOf(id: string, tx: Executor = this.dataSource): Promise<string | null> {
    const rows: { doc_number: string | null }[] = await tx.query(`SELECT doc_number FROM document WHERE id = $1`, [id]);
    return rows[0]?.doc_number ?? null;
  }

  /** Library documents with this (normalised) 发文字号, of any issuer. */
  async idsByDocNumber(docNumber: string, tx: Executor = this.dataSource): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(`SELECT id FROM document WHERE doc_number = $1 ORDER BY id`, [
      docNumber,
    ]);
    return rows.map((r) => r.id);
  }

  /** Documents still in force (or not yet in force) whose validUntil falls in [from, to]. */
  async expiring(
    from: string,
    to: string,
    page: number,
    pageSize: number,
  ): Promise<{ total: number; items: ExpiringRow[] }> {
    const where = `d.status IN ('pending','in_force','partially_in_force') AND d.valid_until BETWEEN $1::date AND $2::date`;
    const [count, items] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS total FROM document d WHERE ${where}`, [from, to]) as Promise<
        { total: number }[]
      >,
      this.dataSource.query(
        `SELECT d.id, d.title, d.doc_number AS "docNumber", d.category, i.name AS issuer, d.status, d.valid_until AS "validUntil"
         FROM document d JOIN issuer i ON i.id = d.issuer_id WHERE ${where}
         ORDER BY d.valid_until, d.id LIMIT $3 OFFSET $4`,
        [from, to, pageSize, (page - 1) * pageSize],
      ) as Promise<ExpiringRow[]>,
    ]);
    return { total: count[0].total, items };
  }
}
