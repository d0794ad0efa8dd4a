import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { modifyReturning } from '../database/query.js';
import type { ValidityStatus } from '../validity/validity-status.js';
import type { Actor, StoredDocument } from './document.model.js';
import type { DocumentContent, InitialEvent } from './document-rules.js';

type Executor = Pick<EntityManager, 'query'>;

interface DocumentRow {
  id: string;
  title: string;
  doc_number: string | null;
  category: DocumentContent['category'];
  issuer_id: string;
  issuer: string;
  co_issuers: string[];
  index_no: string | null;
  registration_no: string | null;
  topic: string | null;
  keywords: string[];
  signed_on: string | null;
  published_on: string | null;
  effective_from: string | null;
  valid_until: string | null;
  summary: string | null;
  body: string;
  status: ValidityStatus;
  version: number;
  checksum: string;
  source: 'api' | 'import';
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = (
  body: boolean,
) => `d.id, d.title, d.doc_number, d.category, d.issuer_id, i.name AS issuer, d.co_issuers,
  d.index_no, d.registration_no, d.topic, d.keywords, d.signed_on, d.published_on, d.effective_from, d.valid_until,
  d.summary, ${body ? 'd.body' : "'' AS body"}, d.status, d.version, d.checksum, d.source, d.created_at, d.updated_at`;

const toStored = (r: DocumentRow): StoredDocument => ({
  id: r.id,
  title: r.title,
  docNumber: r.doc_number,
  category: r.category,
  issuerId: r.issuer_id,
  issuer: r.issuer,
  coIssuers: r.co_issuers,
  indexNo: r.index_no,
  registrationNo: r.registration_no,
  topic: r.topic,
  keywords: r.keywords,
  signedOn: r.signed_on,
  publishedOn: r.published_on,
  effectiveFrom: r.effective_from,
  validUntil: r.valid_until,
  summary: r.summary,
  body: r.body,
  status: r.status,
  version: r.version,
  checksum: r.checksum,
  source: r.source,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The content columns in the order both INSERT and UPDATE name them. */
function contentParams(doc: DocumentContent & { issuerId: string }): unknown[] {
  return [
    doc.title,
    doc.docNumber,
    doc.category,
    doc.issuerId,
    doc.coIssuers,
    doc.indexNo,
    doc.registrationNo,
    doc.topic,
    doc.keywords,
    doc.signedOn,
    doc.publishedOn,
    doc.effectiveFrom,
    doc.validUntil,
    doc.summary,
    doc.body,
  ];
}

export interface DocumentFilter {
  category?: string;
  status?: string;
  issuer?: string;
  docNumber?: string;
  year?: number;
  inForceOn?: string;
  updatedSince?: string;
}

/** The only place that reads and writes documents, issuers and their validity events. */
@Injectable()
export class DocumentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The issuer's id, registering the issuer on first use. */
  async ensureIssuer(name: string, tx: Executor = this.dataSource): Promise<string> {
    const ids = await this.ensureIssuers([name], tx);
    return ids.get(name)!;
  }

  async ensureIssuers(names: string[], tx: Executor = this.dataSource): Promise<Map<string, string>> {
    const unique = [...new Set(names)];
    // One statement: insert the new names, then read every id (ON CONFLICT DO NOTHING returns only new rows).
    const rows: { id: string; name: string }[] = await tx.query(
      `WITH input AS (SELECT unnest($1::text[]) AS name),
            inserted AS (INSERT INTO issuer (name) SELECT name FROM input ON CONFLICT (name) DO NOTHING RETURNING id, name)
       SELECT id, name FROM inserted
       UNION ALL
       SELECT i.id, i.name FROM issuer i JOIN input USING (name)`,
      [unique],
    );
    return new Map(rows.map((r) => [r.name, r.id]));
  }

  async setIssuerCode(name: string, code: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO issuer (name, code) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET code = EXCLUDED.code`,
      [name, code],
    );
  }

  async findById(id: string, tx: Executor = this.dataSource): Promise<StoredDocument | null> {
    const rows: DocumentRow[] = await tx.query(
      `SELECT ${COLUMNS(true)} FROM document d JOIN issuer i ON i.id = d.issuer_id WHERE d.id = $1`,
      [id],
    );
    return rows.length ? toStored(rows[0]) : null;
  }

  async findIdByDocNumber(issuerId: string, docNumber: string, tx: Executor = this.dataSource): Promise<string | null> {
    const rows: { id: string }[] = await tx.query(`SELECT id FROM document WHERE issuer_id = $1 AND doc_number = $2`, [
      issuerId,
      docNumber,
    ]);
    return rows[0]?.id ?? null;
  }

  /** Documents whose 发文字号 is one of these written forms, of any issuer (a permalink), without their bodies. */
  async findByDocNumbers(docNumbers: string[]): Promise<StoredDocument[]> {
    if (!docNumbers.length) return [];
    const rows: DocumentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS(false)} FROM document d JOIN issuer i ON i.id = d.issuer_id
       WHERE d.doc_number = ANY($1::text[]) ORDER BY i.name, d.id`,
      [docNumbers],
    );
    return rows.map(toStored);
  }

  /**
   * The newest published documents, without their bodies (feeds, the home page): read in the order of the
   * newest-first index and only then joined, so no sort of the whole catalogue and no count.
   */
  async newest(offset: number, limit: number): Promise<StoredDocument[]> {
    const rows: DocumentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS(false)}
       FROM (SELECT id FROM document ORDER BY published_on DESC NULLS LAST, id LIMIT $1 OFFSET $2) n
       JOIN document d ON d.id = n.id JOIN issuer i ON i.id = d.issuer_id
       ORDER BY d.published_on DESC NULLS LAST, d.id`,
      [limit, offset],
    );
    return rows.map(toStored);
  }

  /** Documents in id order from `afterId` on, with when each last changed (the sitemap). */
  async changeTimes(afterId: string | null, limit: number): Promise<{ id: string; updatedAt: Date }[]> {
    return this.dataSource.query(
      `SELECT id, updated_at AS "updatedAt" FROM document ${afterId ? 'WHERE id > $2::uuid' : ''} ORDER BY id LIMIT $1`,
      afterId ? [limit, afterId] : [limit],
    );
  }

  /** How many documents the library holds, and the id at every `step`-th place in id order (sitemap files). */
  async idMarks(step: number): Promise<{ total: number; marks: string[] }> {
    const rows: { id: string; total: number }[] = await this.dataSource.query(
      `SELECT id, total FROM (
         SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER ()::int AS total FROM document
       ) x WHERE n % $1 = 0 ORDER BY id`,
      [step],
    );
    const [{ total }]: { total: number }[] =
      rows.length > 0
        ? [{ total: rows[0].total }]
        : await this.dataSource.query(`SELECT count(*)::int AS total FROM document`);
    return { total, marks: rows.map((r) => r.id) };
  }

  async insert(
    tx: Executor,
    doc: DocumentContent & { issuerId: string; status: ValidityStatus; checksum: string; source: 'api' | 'import' },
  ): Promise<StoredDocument> {
    const [row]: { id: string }[] = await tx.query(
      `INSERT INTO document (title, doc_number, category, issuer_id, co_issuers, index_no, registration_no, topic, keywords,
         signed_on, published_on, effective_from, valid_until, summary, body, status, checksum, source)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) RETURNING id`,
      [...contentParams(doc), doc.status, doc.checksum, doc.source],
    );
    return (await this.findById(row.id, tx))!;
  }

  /**
   * Writes new content if the stored version is still `expectedVersion`, in one statement.
   * Returns null when the version has moved on (or the document is gone).
   */
  async updateIfVersion(
    tx: EntityManager,
    id: string,
    expectedVersion: number,
    doc: DocumentContent & { issuerId: string; checksum: string },
  ): Promise<StoredDocument | null> {
    const rows = await modifyReturning<{ id: string }>(
      tx,
      `UPDATE document SET title = $3, doc_number = $4, category = $5, issuer_id = $6, co_issuers = $7, index_no = $8,
         registration_no = $9, topic = $10, keywords = $11, signed_on = $12, published_on = $13, effective_from = $14,
         valid_until = $15, summary = $16, body = $17, checksum = $18, version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2 RETURNING id`,
      [id, expectedVersion, ...contentParams(doc), doc.checksum],
    );
    return rows.length ? this.findById(id, tx) : null;
  }

  async insertEvents(tx: Executor, documentIds: string[], events: InitialEvent[][], actor: Actor): Promise<void> {
    const flat = documentIds.flatMap((id, i) => events[i].map((e) => ({ id, ...e })));
    if (!flat.length) return;
    await tx.query(
      `INSERT INTO validity_event (document_id, action, from_status, to_status, effective_on, reason, actor_id, actor_name)
       SELECT d, 'register', f, t, e, r, $6, $7
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::text[]) AS x(d, f, t, e, r)`,
      [
        flat.map((e) => e.id),
        flat.map((e) => e.fromStatus),
        flat.map((e) => e.toStatus),
        flat.map((e) => e.effectiveOn),
        flat.map((e) => e.reason),
        actor.id,
        actor.username,
      ],
    );
  }

  /** Documents in a stable order (by id), a page at a time after a cursor. */
  async pageForExport(afterId: string | null, limit: number): Promise<StoredDocument[]> {
    const rows: DocumentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS(true)} FROM document d JOIN issuer i ON i.id = d.issuer_id
       ${afterId ? 'WHERE d.id > $2::uuid' : ''} ORDER BY d.id LIMIT $1`,
      afterId ? [limit, afterId] : [limit],
    );
    return rows.map(toStored);
  }

  async list(
    filter: DocumentFilter,
    page: number,
    pageSize: number,
  ): Promise<{ total: number; items: StoredDocument[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.category) add((p) => `d.category = ${p}`, filter.category);
    if (filter.status) add((p) => `d.status = ${p}`, filter.status);
    if (filter.issuer) add((p) => `i.name = ${p}`, filter.issuer);
    if (filter.docNumber) add((p) => `d.doc_number = ${p}`, filter.docNumber);
    if (filter.year !== undefined) {
      add((p) => `d.published_on >= make_date(${p}::int, 1, 1)`, filter.year);
      add((p) => `d.published_on < make_date(${p}::int + 1, 1, 1)`, filter.year);
    }
    if (filter.updatedSince) add((p) => `d.updated_at >= ${p}::timestamptz`, filter.updatedSince);
    if (filter.inForceOn) {
      // The status on that date is the one the last event effective by then set (SPEC 2), not today's.
      // validity_span holds each document's status periods, derived from its events by a trigger.
      add(
        (p) =>
          `EXISTS (SELECT 1 FROM validity_span s WHERE s.document_id = d.id AND s.in_force AND s.during @> ${p}::date)`,
        filter.inForceOn,
      );
    }
    if (filter.inForceOn && where.length === 1) return this.listInForceOn(filter.inForceOn, page, pageSize);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = `FROM document d JOIN issuer i ON i.id = d.issuer_id ${whereSql}`;
    const [countRows, rows] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS total ${from}`, params) as Promise<{ total: number }[]>,
      this.dataSource.query(
        `SELECT ${COLUMNS(false)} ${from}
         ORDER BY d.published_on DESC NULLS LAST, d.id
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, pageSize, (page - 1) * pageSize],
      ) as Promise<DocumentRow[]>,
    ]);
    return { total: countRows[0].total, items: rows.map(toStored) };
  }

  /**
   * Validity capability: "in force on D" with no other filter, read from the in-force status periods'
   * index (each period carries its document's publishedOn), which gives the page and the total in one
   * scan; a document has at most one period covering a date. Same order as list().
   */
  private async listInForceOn(
    date: string,
    page: number,
    pageSize: number,
  ): Promise<{ total: number; items: StoredDocument[] }> {
    const spans: { id: string; total: number }[] = await this.dataSource.query(
      `SELECT s.document_id AS id, count(*) OVER ()::int AS total FROM validity_span s
       WHERE s.in_force AND s.during @> $1::date
       ORDER BY s.published_on DESC NULLS LAST, s.document_id LIMIT $2 OFFSET $3`,
      [date, pageSize, (page - 1) * pageSize],
    );
    if (!spans.length) {
      const [{ total }]: { total: number }[] = await this.dataSource.query(
        `SELECT count(*)::int AS total FROM validity_span s WHERE s.in_force AND s.during @> $1::date`,
        [date],
      );
      return { total, items: [] };
    }
    const rows: DocumentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS(false)} FROM document d JOIN issuer i ON i.id = d.issuer_id WHERE d.id = ANY($1::uuid[])
       ORDER BY d.published_on DESC NULLS LAST, d.id`,
      [spans.map((r) => r.id)],
    );
    return { total: spans[0].total, items: rows.map(toStored) };
  }
}
