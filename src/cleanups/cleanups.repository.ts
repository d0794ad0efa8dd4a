import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { modifyReturning } from '../database/query.js';
import type { DocumentCategory } from '../documents/document-category.js';
import type { ValidityStatus } from '../validity/validity-status.js';
import type { CleanupDecision } from './cleanup-decisions.js';

type Executor = Pick<EntityManager, 'query'>;

export interface CampaignRow {
  id: string;
  title: string;
  category: DocumentCategory | null;
  issuer: string | null;
  issuedFrom: string | null;
  issuedTo: string | null;
  state: 'open' | 'finalized';
  decisionDocumentId: string | null;
  decisionDocNumber: string | null;
  effectiveOn: string | null;
  createdBy: string;
  createdAt: Date;
  finalizedBy: string | null;
  finalizedAt: Date | null;
}

export interface ItemRow {
  documentId: string;
  title: string;
  docNumber: string | null;
  category: DocumentCategory;
  publishedOn: string | null;
  status: ValidityStatus;
  decision: CleanupDecision | null;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

const CAMPAIGN = `id, title, category, issuer, issued_from AS "issuedFrom", issued_to AS "issuedTo", state,
  decision_document_id AS "decisionDocumentId", decision_doc_number AS "decisionDocNumber", effective_on AS "effectiveOn",
  created_by AS "createdBy", created_at AS "createdAt", finalized_by AS "finalizedBy", finalized_at AS "finalizedAt"`;

/** The only place that reads and writes clean-up campaigns and their items. */
@Injectable()
export class CleanupsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Creates the campaign with every document of the scope that has not ended; returns its id and size. */
  async create(
    tx: Executor,
    c: Pick<CampaignRow, 'title' | 'category' | 'issuer' | 'issuedFrom' | 'issuedTo' | 'createdBy'>,
  ): Promise<{ id: string; documents: number }> {
    const [row]: { id: string }[] = await tx.query(
      `INSERT INTO cleanup_campaign (title, category, issuer, issued_from, issued_to, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [c.title, c.category, c.issuer, c.issuedFrom, c.issuedTo, c.createdBy],
    );
    const items: { n: number }[] = await tx.query(
      `WITH ins AS (
         INSERT INTO cleanup_item (campaign_id, document_id)
         SELECT $1, d.id FROM document d JOIN issuer i ON i.id = d.issuer_id
         WHERE d.status NOT IN ('expired', 'repealed')
           AND ($2::text IS NULL OR d.category = $2::text)
           AND ($3::text IS NULL OR i.name = $3::text)
           AND ($4::date IS NULL OR d.published_on >= $4::date)
           AND ($5::date IS NULL OR d.published_on <= $5::date)
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [row.id, c.category, c.issuer, c.issuedFrom, c.issuedTo],
    );
    return { id: row.id, documents: items[0].n };
  }

  async find(id: string, tx: Executor = this.dataSource, lock = false): Promise<CampaignRow | null> {
    const rows: CampaignRow[] = await tx.query(
      `SELECT ${CAMPAIGN} FROM cleanup_campaign WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async items(id: string, tx: Executor = this.dataSource): Promise<ItemRow[]> {
    return tx.query(
      `SELECT d.id AS "documentId", d.title, d.doc_number AS "docNumber", d.category, d.published_on AS "publishedOn",
              d.status, c.decision, c.reason, c.decided_by AS "decidedBy", c.decided_at AS "decidedAt"
       FROM cleanup_item c JOIN document d ON d.id = c.document_id
       WHERE c.campaign_id = $1 ORDER BY d.published_on NULLS FIRST, d.id`,
      [id],
    );
  }

  /** Records decisions; returns the ids of documents that are not in the campaign. */
  async decide(
    tx: EntityManager,
    id: string,
    decisions: { documentId: string; decision: CleanupDecision; reason: string | null }[],
    by: string,
  ): Promise<string[]> {
    const updated = await modifyReturning<{ document_id: string }>(
      tx,
      `UPDATE cleanup_item c SET decision = x.decision, reason = x.reason, decided_by = $5, decided_at = now()
       FROM unnest($2::uuid[], $3::text[], $4::text[]) AS x(document_id, decision, reason)
       WHERE c.campaign_id = $1 AND c.document_id = x.document_id
       RETURNING c.document_id`,
      [id, decisions.map((d) => d.documentId), decisions.map((d) => d.decision), decisions.map((d) => d.reason), by],
    );
    const found = new Set(updated.map((u) => u.document_id));
    return decisions.map((d) => d.documentId).filter((d) => !found.has(d));
  }

  async markFinalized(
    tx: Executor,
    id: string,
    f: { decisionDocumentId: string | null; decisionDocNumber: string | null; effectiveOn: string; by: string },
  ): Promise<void> {
    await tx.query(
      `UPDATE cleanup_campaign SET state = 'finalized', decision_document_id = $2, decision_doc_number = $3,
         effective_on = $4, finalized_by = $5, finalized_at = now() WHERE id = $1`,
      [id, f.decisionDocumentId, f.decisionDocNumber, f.effectiveOn, f.by],
    );
  }
}
