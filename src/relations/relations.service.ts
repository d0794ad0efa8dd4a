import { Injectable } from '@nestjs/common';
import { DomainError, NotFound, type FieldProblem } from '../common/domain-error.js';
import { normaliseDocNumber } from '../documents/doc-number.js';
import { type Actor, decidesValidity } from '../documents/document.model.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import type { InterpretationForm, RelationKind } from './relation-kinds.js';
import { type RelationRow, RelationsRepository } from './relations.repository.js';

/** Relations that say a document ended: a validity fact, the legal office's to record. */
const REPEAL_KINDS: readonly RelationKind[] = ['repeals', 'repealed_by', 'replaces', 'replaced_by'];

/** Records relations between documents; both ends of a relation inside the library change together. */
@Injectable()
export class RelationsService {
  constructor(
    private readonly relations: RelationsRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  forDocument(documentId: string): Promise<RelationRow[]> {
    return this.relations.forDocument(documentId);
  }

  async link(
    documentId: string,
    r: {
      kind: RelationKind;
      targetDocumentId?: string | null;
      targetDocNumber?: string | null;
      targetTitle?: string | null;
    },
    actor: Actor,
  ): Promise<RelationRow[]> {
    const problems: FieldProblem[] = [];
    const docNumber = r.targetDocNumber ? normaliseDocNumber(r.targetDocNumber.trim()) : null;
    if (!r.targetDocumentId && !docNumber && !r.targetTitle?.trim()) {
      problems.push({
        field: 'targetDocumentId',
        reason: 'name the other document: targetDocumentId, or targetDocNumber and targetTitle',
      });
    }
    if (r.targetDocumentId === documentId)
      problems.push({ field: 'targetDocumentId', reason: 'a document cannot relate to itself' });
    if (REPEAL_KINDS.includes(r.kind) && !decidesValidity(actor)) {
      throw new DomainError(
        'forbidden',
        'relation.repeal_needs_legal_office',
        'That a document was repealed or replaced is a validity fact: the legal office (法制机构) records it, ' +
          'with the repeal action (POST /documents/{id}/validity) or this relation.',
        [{ field: 'kind', reason: `${r.kind} may be recorded by the legal office only` }],
      );
    }
    if ((r.kind === 'repeals' || r.kind === 'repealed_by') && r.targetDocumentId && r.targetDocumentId !== documentId) {
      // Between library documents a repeal changes a status: it is the repeal action, which records the event.
      problems.push({
        field: 'kind',
        reason: 'a repeal between library documents is recorded with POST /documents/{id}/validity (action repeal)',
      });
    }
    return this.write(documentId, problems, r.targetDocumentId ?? null, actor, {
      documentId,
      kind: r.kind,
      targetDocumentId: r.targetDocumentId ?? null,
      targetDocNumber: r.targetDocumentId ? null : docNumber,
      targetTitle: r.targetDocumentId ? null : (r.targetTitle?.trim() ?? null),
    });
  }

  async interpret(
    documentId: string,
    i: {
      form: InterpretationForm;
      title: string;
      url?: string | null;
      publishedOn?: string | null;
      documentId?: string | null;
    },
    actor: Actor,
  ): Promise<RelationRow[]> {
    const problems: FieldProblem[] =
      i.documentId === documentId ? [{ field: 'documentId', reason: 'a document cannot interpret itself' }] : [];
    return this.write(documentId, problems, i.documentId ?? null, actor, {
      documentId,
      kind: 'interpreted_by',
      targetDocumentId: i.documentId ?? null,
      targetDocNumber: null,
      targetTitle: i.title.trim(),
      form: i.form,
      url: i.url ?? null,
      publishedOn: i.publishedOn ?? null,
    });
  }

  private async write(
    documentId: string,
    problems: FieldProblem[],
    targetId: string | null,
    actor: Actor,
    relation: Parameters<RelationsRepository['link']>[1],
  ): Promise<RelationRow[]> {
    return this.relations.transaction(async (tx) => {
      const found = await this.relations.lockDocuments(tx, [documentId, ...(targetId ? [targetId] : [])]);
      if (!found.includes(documentId)) throw new NotFound('document', documentId);
      if (targetId && !found.includes(targetId)) {
        problems.push({
          field: relation.kind === 'interpreted_by' ? 'documentId' : 'targetDocumentId',
          reason: `no document with id ${targetId}`,
        });
      }
      if (problems.length) {
        throw new DomainError(
          'unprocessable',
          'relation.invalid',
          'The relation cannot be recorded as given.',
          problems,
        );
      }
      if (await this.relations.link(tx, relation, actor.username)) {
        const changed = [documentId, ...(targetId ? [targetId] : [])];
        await this.relations.touch(tx, changed);
        await this.outbox.recordChanges(tx, changed, 'validity');
      }
      return this.relations.forDocument(documentId, tx);
    });
  }
}
