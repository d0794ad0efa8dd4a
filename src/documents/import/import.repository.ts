import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { modifyReturning } from '../../database/query.js';
import type { PendingRecord } from './document-import.service.js';

type Executor = Pick<EntityManager, 'query'>;
type Resolved = PendingRecord & { docId: string; issuerId: string };

const CONTENT_ARRAYS = (rows: Resolved[]) => [
  rows.map((r) => r.docId),
  rows.map((r) => r.content.title),
  rows.map((r) => r.content.docNumber),
  rows.map((r) => r.content.category),
  rows.map((r) => r.issuerId),
  // Arrays of arrays are not a Postgres type; each list travels as an array literal and is cast in SQL.
  rows.map((r) => arrayLiteral(r.content.coIssuers)),
  rows.map((r) => r.content.indexNo),
  rows.map((r) => r.content.registrationNo),
  rows.map((r) => r.content.topic),
  rows.map((r) => arrayLiteral(r.content.keywords)),
  rows.map((r) => r.content.signedOn),
  rows.map((r) => r.content.publishedOn),
  rows.map((r) => r.content.effectiveFrom),
  rows.map((r) => r.content.validUntil),
  rows.map((r) => r.content.summary),
  rows.map((r) => r.content.body),
  rows.map((r) => r.checksum),
];

const UNNEST = `unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[],
  $10::text[], $11::date[], $12::date[], $13::date[], $14::date[], $15::text[], $16::text[], $17::text[])
  AS x(id, title, doc_number, category, issuer_id, co_issuers, index_no, registration_no, topic, keywords,
       signed_on, published_on, effective_from, valid_until, summary, body, checksum)`;

/** `{"a","b \\"c\\""}`: PostgreSQL's text form of a text[]. */
export function arrayLiteral(items: string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

const textArray = (col: string) => `x.${col}::text[]`;

/** Set-based statements for bulk import: a few round trips per batch of hundreds of documents. */
@Injectable()
export class ImportRepository {
  /** The stored id and checksum of each record already in the library, by the record's key. */
  async findExisting(
    tx: Executor,
    batch: PendingRecord[],
    issuerIds: Map<string, string>,
  ): Promise<Map<string, { id: string; checksum: string }>> {
    const byId = batch.filter((r) => r.id);
    const byNumber = batch.filter((r) => !r.id && r.content.docNumber);
    const byTitle = batch.filter((r) => !r.id && !r.content.docNumber);
    const found = new Map<string, { id: string; checksum: string }>();
    const collect = (rows: { ord: string; id: string; checksum: string }[], from: PendingRecord[]) => {
      for (const row of rows) found.set(from[Number(row.ord) - 1].key, { id: row.id, checksum: row.checksum });
    };
    if (byId.length) {
      collect(
        await tx.query(
          `SELECT x.ord, d.id, d.checksum FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, ord) JOIN document d ON d.id = x.id`,
          [byId.map((r) => r.id)],
        ),
        byId,
      );
    }
    if (byNumber.length) {
      collect(
        await tx.query(
          `SELECT x.ord, d.id, d.checksum FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS x(issuer_id, doc_number, ord)
           JOIN document d ON d.issuer_id = x.issuer_id AND d.doc_number = x.doc_number`,
          [byNumber.map((r) => issuerIds.get(r.content.issuer)), byNumber.map((r) => r.content.docNumber)],
        ),
        byNumber,
      );
    }
    if (byTitle.length) {
      collect(
        await tx.query(
          `SELECT DISTINCT ON (x.ord) x.ord, d.id, d.checksum
           FROM unnest($1::uuid[], $2::text[], $3::date[]) WITH ORDINALITY AS x(issuer_id, title, published_on, ord)
           JOIN document d ON d.issuer_id = x.issuer_id AND d.title = x.title AND d.published_on IS NOT DISTINCT FROM x.published_on
             AND d.doc_number IS NULL
           ORDER BY x.ord, d.created_at`,
          [
            byTitle.map((r) => issuerIds.get(r.content.issuer)),
            byTitle.map((r) => r.content.title),
            byTitle.map((r) => r.content.publishedOn),
          ],
        ),
        byTitle,
      );
    }
    return found;
  }

  /** Inserts new documents as `unmarked`; returns the ids actually inserted (a clash with a unique key skips the row). */
  async insertNew(tx: Executor, rows: Resolved[]): Promise<Set<string>> {
    if (!rows.length) return new Set();
    const inserted: { id: string }[] = await tx.query(
      `INSERT INTO document (id, title, doc_number, category, issuer_id, co_issuers, index_no, registration_no, topic, keywords,
         signed_on, published_on, effective_from, valid_until, summary, body, checksum, status, source)
       SELECT x.id, x.title, x.doc_number, x.category, x.issuer_id, ${textArray('co_issuers')}, x.index_no, x.registration_no,
         x.topic, ${textArray('keywords')}, x.signed_on, x.published_on, x.effective_from, x.valid_until, x.summary, x.body,
         x.checksum, 'unmarked', 'import'
       FROM ${UNNEST}
       ON CONFLICT DO NOTHING
       RETURNING id`,
      CONTENT_ARRAYS(rows),
    );
    return new Set(inserted.map((r) => r.id));
  }

  /**
   * Writes changed content and bumps the version; the status is left alone. A change that would
   * take another document's 发文字号 is skipped (and reported by the caller), not half-applied.
   */
  async updateContent(tx: EntityManager, rows: Resolved[]): Promise<Set<string>> {
    if (!rows.length) return new Set();
    const updated = await modifyReturning<{ id: string }>(
      tx,
      `UPDATE document d SET title = x.title, doc_number = x.doc_number, category = x.category, issuer_id = x.issuer_id,
         co_issuers = ${textArray('co_issuers')}, index_no = x.index_no, registration_no = x.registration_no, topic = x.topic,
         keywords = ${textArray('keywords')}, signed_on = x.signed_on, published_on = x.published_on,
         effective_from = x.effective_from, valid_until = x.valid_until, summary = x.summary, body = x.body,
         checksum = x.checksum, version = d.version + 1, updated_at = now()
       FROM ${UNNEST}
       WHERE d.id = x.id AND d.checksum <> x.checksum
         AND NOT EXISTS (SELECT 1 FROM document o WHERE o.issuer_id = x.issuer_id AND o.doc_number = x.doc_number AND o.id <> x.id)
       RETURNING d.id`,
      CONTENT_ARRAYS(rows),
    );
    return new Set(updated.map((r) => r.id));
  }
}
