import type { InterpretationResponse, RelationResponse } from '../../relations/dto/relation.response.js';
import type { Notice } from '../../validity/validity-defaults.js';
import { STATUS_LABELS, type ValidityStatus } from '../../validity/validity-status.js';
import { CATEGORY_LABELS, type DocumentCategory } from '../document-category.js';
import type { StoredDocument } from '../document.model.js';

/** A document as the API shows it (SPEC 2 and 3). */
export class DocumentResponse {
  id: string;
  title: string;
  docNumber: string | null;
  category: DocumentCategory;
  categoryLabel: string;
  issuer: string;
  coIssuers: string[];
  indexNo: string | null;
  registrationNo: string | null;
  topic: string | null;
  keywords: string[];
  signedOn: string | null;
  publishedOn: string | null;
  effectiveFrom: string | null;
  validUntil: string | null;
  summary: string | null;
  /** 正文; left out of list items. */
  body?: string;
  status: ValidityStatus;
  /** 有效性 in Chinese, e.g. 现行有效 */
  statusLabel: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** GET /documents/{id} only: repealed_by, amends, … (validity capability). */
  relations?: RelationResponse[];
  /** GET /documents/{id} only: 政策解读. */
  interpretations?: InterpretationResponse[];
  /** POST /documents only: what the library noticed, e.g. a proposed validUntil. */
  notices?: Notice[];
}

export class DocumentPage {
  total: number;
  page: number;
  pageSize: number;
  items: DocumentResponse[];
}

export function toDocumentResponse(d: StoredDocument, options: { withBody: boolean }): DocumentResponse {
  return {
    id: d.id,
    title: d.title,
    docNumber: d.docNumber,
    category: d.category,
    categoryLabel: CATEGORY_LABELS[d.category],
    issuer: d.issuer,
    coIssuers: d.coIssuers,
    indexNo: d.indexNo,
    registrationNo: d.registrationNo,
    topic: d.topic,
    keywords: d.keywords,
    signedOn: d.signedOn,
    publishedOn: d.publishedOn,
    effectiveFrom: d.effectiveFrom,
    validUntil: d.validUntil,
    summary: d.summary,
    ...(options.withBody ? { body: d.body } : {}),
    status: d.status,
    statusLabel: STATUS_LABELS[d.status],
    version: d.version,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
