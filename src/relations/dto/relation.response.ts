import { STATUS_LABELS, type ValidityStatus } from '../../validity/validity-status.js';
import { type InterpretationForm, RELATION_LABELS, type RelationKind } from '../relation-kinds.js';
import type { RelationRow } from '../relations.repository.js';

export class RelationResponse {
  kind: RelationKind;
  /** e.g. 被废止 */
  kindLabel: string;
  /** The other document when it is in the library, else null. */
  documentId: string | null;
  docNumber: string | null;
  title: string | null;
  status: ValidityStatus | null;
  statusLabel: string | null;
}

export class InterpretationResponse {
  form: InterpretationForm;
  title: string | null;
  url: string | null;
  publishedOn: string | null;
  documentId: string | null;
}

/** Splits a document's relation rows into its relations and its 政策解读. */
export function toRelationsResponse(rows: RelationRow[]): {
  relations: RelationResponse[];
  interpretations: InterpretationResponse[];
} {
  return {
    relations: rows
      .filter((r) => r.kind !== 'interpreted_by')
      .map((r) => ({
        kind: r.kind,
        kindLabel: RELATION_LABELS[r.kind],
        documentId: r.targetDocumentId,
        docNumber: r.docNumber,
        title: r.title,
        status: r.status,
        statusLabel: r.status ? STATUS_LABELS[r.status] : null,
      })),
    interpretations: rows
      .filter((r) => r.kind === 'interpreted_by')
      .map((r) => ({
        form: r.form!,
        title: r.title,
        url: r.url,
        publishedOn: r.publishedOn,
        documentId: r.targetDocumentId,
      })),
  };
}
