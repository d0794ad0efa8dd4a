import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { DomainError, NotFound, type FieldProblem } from '../common/domain-error.js';
import { normaliseDocNumber } from '../documents/doc-number.js';
import type { Actor } from '../documents/document.model.js';
import type { DocumentCategory } from '../documents/document-category.js';
import { ValidityRepository } from '../validity/validity.repository.js';
import { ValidityService } from '../validity/validity.service.js';
import { decisionAction, parseDecision, type CleanupDecision } from './cleanup-decisions.js';
import { type CampaignRow, CleanupsRepository, type ItemRow } from './cleanups.repository.js';

export interface CampaignView {
  campaign: CampaignRow;
  items: ItemRow[];
}

export interface FinalizeSummary {
  repealed: number;
  declaredInvalid: number;
  markedInForce: number;
  unchanged: number;
  /** Actions dated after today: they take effect on their date. */
  scheduled: number;
}

/**
 * Clean-up campaigns (清理): a fixed scope of documents, one decision each, and finalisation under one
 * decision document that applies every decision in one transaction, or none.
 */
@Injectable()
export class CleanupsService {
  constructor(
    private readonly cleanups: CleanupsRepository,
    private readonly validity: ValidityService,
    private readonly validityRepository: ValidityRepository,
    private readonly clock: Clock,
  ) {}

  async create(
    scope: { title: string; category?: DocumentCategory; issuer?: string; issuedFrom?: string; issuedTo?: string },
    actor: Actor,
  ): Promise<CampaignView> {
    if (scope.issuedFrom && scope.issuedTo && scope.issuedFrom > scope.issuedTo) {
      throw new DomainError('unprocessable', 'cleanup.invalid_scope', 'The scope is empty as given.', [
        { field: 'issuedTo', reason: `must not be before issuedFrom (${scope.issuedFrom})` },
      ]);
    }
    const id = await this.cleanups.transaction(async (tx) => {
      const created = await this.cleanups.create(tx, {
        title: scope.title.trim(),
        category: scope.category ?? null,
        issuer: scope.issuer?.trim() ?? null,
        issuedFrom: scope.issuedFrom ?? null,
        issuedTo: scope.issuedTo ?? null,
        createdBy: actor.username,
      });
      if (!created.documents) {
        throw new DomainError(
          'unprocessable',
          'cleanup.empty_scope',
          'No document in the library that has not ended falls in this scope.',
        );
      }
      return created.id;
    });
    return this.get(id);
  }

  async get(id: string): Promise<CampaignView> {
    const campaign = await this.cleanups.find(id);
    if (!campaign) throw new NotFound('cleanup', id);
    return { campaign, items: await this.cleanups.items(id) };
  }

  async decide(
    id: string,
    decisions: { documentId: string; decision: string; reason?: string }[],
    actor: Actor,
  ): Promise<CampaignView> {
    const parsed = decisions.map((d) => ({
      documentId: d.documentId,
      decision: parseDecision(d.decision) as CleanupDecision,
      reason: d.reason?.trim() || null,
    }));
    const problems: FieldProblem[] = [];
    parsed.forEach((d, i) => {
      if (d.decision !== 'continue' && !d.reason) {
        problems.push({ field: `decisions[${i}].reason`, reason: 'is required for 修改, 废止 and 宣布失效' });
      }
    });
    if (problems.length)
      throw new DomainError('unprocessable', 'cleanup.invalid_decision', 'Some decisions lack a reason.', problems);
    await this.cleanups.transaction(async (tx) => {
      const campaign = await this.cleanups.find(id, tx, true);
      if (!campaign) throw new NotFound('cleanup', id);
      this.assertOpen(campaign);
      const outside = await this.cleanups.decide(tx, id, parsed, actor.username);
      if (outside.length) {
        throw new DomainError(
          'unprocessable',
          'cleanup.not_in_scope',
          'Some documents are not part of this clean-up.',
          outside.map((documentId) => ({
            field: `decisions[${parsed.findIndex((d) => d.documentId === documentId)}].documentId`,
            reason: `document ${documentId} is not in this clean-up`,
          })),
        );
      }
    });
    return this.get(id);
  }

  /** Applies every decision under the decision document, in one transaction; any refusal rolls all back. */
  async finalize(
    id: string,
    f: { decisionDocNumber?: string; decisionDocumentId?: string; effectiveOn: string },
    actor: Actor,
  ): Promise<CampaignView & { summary: FinalizeSummary }> {
    if (!f.decisionDocNumber && !f.decisionDocumentId) {
      throw new DomainError('unprocessable', 'cleanup.decision_document_required', 'Name the decision document.', [
        {
          field: 'decisionDocNumber',
          reason: 'the decision document is required: decisionDocNumber or decisionDocumentId',
        },
      ]);
    }
    const today = this.clock.today();
    const summary: FinalizeSummary = { repealed: 0, declaredInvalid: 0, markedInForce: 0, unchanged: 0, scheduled: 0 };
    await this.cleanups.transaction(async (tx) => {
      const campaign = await this.cleanups.find(id, tx, true);
      if (!campaign) throw new NotFound('cleanup', id);
      this.assertOpen(campaign);
      const items = await this.cleanups.items(id, tx);
      const undecided = items.filter((i) => !i.decision);
      if (undecided.length) {
        throw new DomainError(
          'conflict',
          'cleanup.undecided',
          `${undecided.length} documents are still undecided; decide on each before finalising.`,
          [],
          { undecided: undecided.map((u) => ({ documentId: u.documentId, docNumber: u.docNumber, title: u.title })) },
        );
      }
      let decisionDocNumber = f.decisionDocNumber ? normaliseDocNumber(f.decisionDocNumber.trim()) : null;
      if (f.decisionDocumentId) {
        const [basis] = await this.validityRepository.lockDocuments(tx, [f.decisionDocumentId]);
        if (!basis) {
          throw new DomainError(
            'unprocessable',
            'cleanup.decision_document_unknown',
            'The decision document is not in the library.',
            [{ field: 'decisionDocumentId', reason: `no document with id ${f.decisionDocumentId}` }],
          );
        }
        decisionDocNumber ??= basis.docNumber;
      }
      const docs = await this.validityRepository.lockDocuments(
        tx,
        items.map((i) => i.documentId),
      );
      const decisionOf = new Map(items.map((i) => [i.documentId, i]));
      const refused: FieldProblem[] = [];
      for (const doc of docs) {
        const item = decisionOf.get(doc.id)!;
        const request = decisionAction(item.decision!, doc.status, {
          effectiveOn: f.effectiveOn,
          reason: item.reason,
          decisionDocumentId: f.decisionDocumentId ?? null,
          decisionDocNumber,
        });
        if (!request) {
          summary.unchanged += 1;
          continue;
        }
        try {
          const outcome = await this.validity.applyToLocked(tx, doc, request, actor, today);
          if (outcome.scheduled) summary.scheduled += 1;
          else if (request.action === 'repeal') summary.repealed += 1;
          else if (request.action === 'expire') summary.declaredInvalid += 1;
          else summary.markedInForce += 1;
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          refused.push({
            field: `documents[${doc.id}]`,
            reason: `${doc.docNumber ?? doc.title}: ${e.errors.length ? e.errors.map((p) => `${p.field} ${p.reason}`).join('; ') : e.message}`,
          });
        }
      }
      if (refused.length) {
        throw new DomainError(
          'conflict',
          'cleanup.decisions_refused',
          `${refused.length} decisions cannot be applied; nothing was changed.`,
          refused,
        );
      }
      await this.cleanups.markFinalized(tx, id, {
        decisionDocumentId: f.decisionDocumentId ?? null,
        decisionDocNumber,
        effectiveOn: f.effectiveOn,
        by: actor.username,
      });
    });
    return { ...(await this.get(id)), summary };
  }

  private assertOpen(campaign: CampaignRow): void {
    if (campaign.state !== 'open') {
      throw new DomainError(
        'conflict',
        'cleanup.finalized',
        `The clean-up was finalised on ${campaign.finalizedAt?.toISOString() ?? '?'} under ${campaign.decisionDocNumber ?? 'its decision document'}; it can no longer change.`,
      );
    }
  }
}
