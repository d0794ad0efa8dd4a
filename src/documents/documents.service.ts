import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { DomainError, NotFound, ValidationFailed } from '../common/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { type Actor, decidesValidity, type StoredDocument } from './document.model.js';
import {
  checkDateOrder,
  contentChecksum,
  type DocumentContent,
  type DocumentInput,
  initialEvents,
  normaliseContent,
} from './document-rules.js';
import { DocumentFilter, DocumentsRepository } from './documents.repository.js';
import { normaliseDocNumber } from './doc-number.js';

const REQUIRED_FIELDS = ['title', 'category', 'issuer'] as const;

/** Registers, reads, lists and edits documents; owns the catalogue's rules. */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  async register(
    input: DocumentInput & Pick<DocumentContent, 'title' | 'category' | 'issuer'>,
    actor: Actor,
  ): Promise<StoredDocument> {
    const content = normaliseContent(input);
    this.assertDateOrder(content);
    const events = initialEvents(content, this.clock.today(), 'api');
    try {
      return await this.documents.transaction(async (tx) => {
        const issuerId = await this.documents.ensureIssuer(content.issuer, tx);
        const doc = await this.documents.insert(tx, {
          ...content,
          issuerId,
          status: events[events.length - 1].toStatus,
          checksum: contentChecksum(content),
          source: 'api',
        });
        await this.documents.insertEvents(tx, [doc.id], [events], actor);
        await this.outbox.recordChanges(tx, [doc.id], 'created');
        return doc;
      });
    } catch (e) {
      if (isUniqueViolation(e, 'uq_document_issuer_doc_number')) throw await this.duplicateDocNumber(content);
      throw e;
    }
  }

  async get(id: string): Promise<StoredDocument> {
    const doc = await this.documents.findById(id);
    if (!doc) throw new NotFound('document', id);
    return doc;
  }

  /**
   * Applies a partial update if the client saw the current version. A stale version changes
   * nothing and says which version is current. An update that changes nothing keeps the version.
   */
  async update(id: string, patch: DocumentInput, expectedVersion: number, actor: Actor): Promise<StoredDocument> {
    const nulled = REQUIRED_FIELDS.filter((f) => patch[f] === null);
    if (nulled.length) {
      throw new ValidationFailed(nulled.map((field) => ({ field, reason: 'is required and cannot be cleared' })));
    }
    const current = await this.get(id);
    if (current.version !== expectedVersion) throw this.stale(current);
    const merged = normaliseContent({ ...current, ...stripUndefined(patch) } as DocumentContent);
    this.assertDateOrder(merged);
    this.assertMayMoveValidUntil(current, merged, actor);
    const checksum = contentChecksum(merged);
    if (checksum === current.checksum) return current;
    try {
      return await this.documents.transaction(async (tx) => {
        const issuerId =
          merged.issuer === current.issuer ? current.issuerId : await this.documents.ensureIssuer(merged.issuer, tx);
        const updated = await this.documents.updateIfVersion(tx, id, expectedVersion, {
          ...merged,
          issuerId,
          checksum,
        });
        if (!updated) {
          const now = await this.documents.findById(id, tx);
          if (!now) throw new NotFound('document', id);
          throw this.stale(now);
        }
        await this.outbox.recordChanges(tx, [id], 'updated');
        return updated;
      });
    } catch (e) {
      if (isUniqueViolation(e, 'uq_document_issuer_doc_number')) throw await this.duplicateDocNumber(merged);
      throw e;
    }
  }

  list(filter: DocumentFilter, page: number, pageSize: number) {
    return this.documents.list(
      { ...filter, docNumber: filter.docNumber === undefined ? undefined : normaliseDocNumber(filter.docNumber) },
      page,
      pageSize,
    );
  }

  /** The newest published documents from `offset` on, without bodies or a total (feeds, the home page). */
  newest(offset: number, limit: number): Promise<StoredDocument[]> {
    return this.documents.newest(offset, limit);
  }

  /**
   * A validUntil moved into the past ends the document (the sweep expires it the next day): that is a
   * validity decision, the legal office's, not an edit.
   */
  private assertMayMoveValidUntil(current: DocumentContent, merged: DocumentContent, actor: Actor): void {
    const until = merged.validUntil;
    if (until === current.validUntil || until === null || until >= this.clock.today() || decidesValidity(actor)) return;
    throw new DomainError(
      'forbidden',
      'document.valid_until_in_past',
      `有效期至 ${until} is in the past: setting it would end the document, which is a validity decision for the ` +
        'legal office (法制机构). Ask them to record it (POST /documents/{id}/validity, action expire).',
      [{ field: 'validUntil', reason: 'must not be in the past unless set by the legal office' }],
    );
  }

  private assertDateOrder(content: DocumentContent): void {
    const problems = checkDateOrder(content);
    if (problems.length) throw new ValidationFailed(problems, "The document's dates are out of order.");
  }

  private stale(current: StoredDocument): DomainError {
    return new DomainError(
      'precondition_failed',
      'document.version_mismatch',
      `The document has changed since you read it: it is at version ${current.version}. Read it again and reapply your edit.`,
      [],
      { currentVersion: current.version },
    );
  }

  private async duplicateDocNumber(content: DocumentContent): Promise<DomainError> {
    const issuerId = await this.documents.ensureIssuer(content.issuer);
    const existingId = await this.documents.findIdByDocNumber(issuerId, content.docNumber!);
    return new DomainError(
      'conflict',
      'document.duplicate_doc_number',
      `${content.issuer} already has a document numbered ${content.docNumber}${existingId ? ` (id ${existingId})` : ''}.`,
      [{ field: 'docNumber', reason: `already used by document ${existingId ?? '(unknown)'} of the same issuer` }],
      { existingDocumentId: existingId },
    );
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
