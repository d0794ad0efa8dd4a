import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ValidityStatus } from '../validity/validity-status.js';
import { INVERSE, type InterpretationForm, type RelationKind } from './relation-kinds.js';

type Executor = Pick<EntityManager, 'query'>;

export interface NewRelation {
  documentId: string;
  kind: RelationKind;
  targetDocumentId: string | null;
  targetDocNumber: string | null;
  targetTitle: string | null;
  form?: InterpretationForm | null;
  url?: string | null;
  publishedOn?: string | null;
}

export interface RelationRow {
  id: string;
  kind: RelationKind;
  targetDocumentId: string | null;
  docNumber: string | null;
  title: string | null;
  status: ValidityStatus | null;
  form: InterpretationForm | null;
  url: string | null;
  publishedOn: string | null;
}

/** The only place that reads and writes document_relation. */
@Injectable()
export class RelationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Records a relation; one between two library documents is recorded from both ends. Recording the
   * same relation again changes nothing. Returns true when something new was stored.
   */
  async link(tx: Executor, r: NewRelation, actorName: string): Promise<boolean> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO document_relation (document_id, kind, target_document_id, target_doc_number, target_title, form, url, published_on, actor_name)
       SELECT $1::uuid, $2::text, $3::uuid, $4::text, $5::text, $6::text, $7::text, $8::date, $9::text
       WHERE NOT EXISTS (
         SELECT 1 FROM document_relation x WHERE x.document_id = $1::uuid AND x.kind = $2::text
           AND x.target_document_id IS NOT DISTINCT FROM $3::uuid AND x.target_doc_number IS NOT DISTINCT FROM $4::text
           AND x.target_title IS NOT DISTINCT FROM $5::text AND x.url IS NOT DISTINCT FROM $7::text)
       RETURNING id`,
      [
        r.documentId,
        r.kind,
        r.targetDocumentId,
        r.targetDocNumber,
        r.targetTitle,
        r.form ?? null,
        r.url ?? null,
        r.publishedOn ?? null,
        actorName,
      ],
    );
    if (r.targetDocumentId) {
      await tx.query(
        `INSERT INTO document_relation (document_id, kind, target_document_id, form, url, published_on, actor_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (document_id, kind, target_document_id) WHERE target_document_id IS NOT NULL DO NOTHING`,
        [
          r.targetDocumentId,
          INVERSE[r.kind],
          r.documentId,
          r.form ?? null,
          r.url ?? null,
          r.publishedOn ?? null,
          actorName,
        ],
      );
    }
    return rows.length > 0;
  }

  /** Locks the documents (in id order) and returns the ids that exist. */
  async lockDocuments(tx: Executor, ids: string[]): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM document WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  /** Bumps the version of documents whose relations changed. */
  async touch(tx: Executor, documentIds: string[]): Promise<void> {
    await tx.query(`UPDATE document SET version = version + 1, updated_at = now() WHERE id = ANY($1::uuid[])`, [
      documentIds,
    ]);
  }

  /** A document's relations; a library target shows its current 发文字号, title and status. */
  async forDocument(documentId: string, tx: Executor = this.dataSource): Promise<RelationRow[]> {
    return tx.query(
      `SELECT r.id, r.kind, r.target_document_id AS "targetDocumentId",
              COALESCE(t.doc_number, r.target_doc_number) AS "docNumber", COALESCE(t.title, r.target_title) AS title,
              t.status, r.form, r.url, r.published_on AS "publishedOn"
       FROM document_relation r LEFT JOIN document t ON t.id = r.target_document_id
       WHERE r.document_id = $1
       ORDER BY r.kind, COALESCE(r.published_on, t.published_on), r.id`,
      [documentId],
    );
  }
}
