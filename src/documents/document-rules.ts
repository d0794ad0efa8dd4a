import { createHash } from 'node:crypto';
import { addDays } from '../common/calendar-date.js';
import type { FieldProblem } from '../common/domain-error.js';
import type { ValidityStatus } from '../validity/validity-status.js';
import type { DocumentCategory } from './document-category.js';
import { normaliseDocNumber } from './doc-number.js';

/** A document's content as the library stores it: normalised, nulls for absent fields. */
export interface DocumentContent {
  title: string;
  docNumber: string | null;
  category: DocumentCategory;
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
  body: string;
}

export type DocumentInput = {
  [K in keyof DocumentContent]?: DocumentContent[K] | null;
};

const trimOrNull = (v: string | null | undefined): string | null => {
  if (v === undefined || v === null) return null;
  const t = v.trim();
  return t === '' ? null : t;
};
const cleanList = (v: string[] | null | undefined): string[] => [
  ...new Set((v ?? []).map((s) => s.trim()).filter((s) => s !== '')),
];

/** Normalises validated input: trims text, normalises the 发文字号, de-duplicates lists. */
export function normaliseContent(
  input: DocumentInput & Pick<DocumentContent, 'title' | 'category' | 'issuer'>,
): DocumentContent {
  const docNumber = trimOrNull(input.docNumber);
  return {
    title: input.title.trim(),
    docNumber: docNumber === null ? null : normaliseDocNumber(docNumber),
    category: input.category,
    issuer: input.issuer.trim(),
    coIssuers: cleanList(input.coIssuers),
    indexNo: trimOrNull(input.indexNo),
    registrationNo: trimOrNull(input.registrationNo),
    topic: trimOrNull(input.topic),
    keywords: cleanList(input.keywords),
    signedOn: input.signedOn ?? null,
    publishedOn: input.publishedOn ?? null,
    effectiveFrom: input.effectiveFrom ?? null,
    validUntil: input.validUntil ?? null,
    summary: trimOrNull(input.summary),
    body: input.body ?? '',
  };
}

/** Rules across fields: the order of a document's dates. */
export function checkDateOrder(
  c: Pick<DocumentContent, 'signedOn' | 'publishedOn' | 'effectiveFrom' | 'validUntil'>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (c.signedOn && c.publishedOn && c.signedOn > c.publishedOn) {
    problems.push({ field: 'signedOn', reason: `must not be after publishedOn (${c.publishedOn})` });
  }
  if (c.effectiveFrom && c.validUntil && c.validUntil < c.effectiveFrom) {
    problems.push({ field: 'validUntil', reason: `must not be before effectiveFrom (${c.effectiveFrom})` });
  }
  if (c.signedOn && c.effectiveFrom && c.effectiveFrom < c.signedOn) {
    problems.push({ field: 'effectiveFrom', reason: `must not be before signedOn (${c.signedOn})` });
  }
  return problems;
}

/** SHA-256 over the content in a fixed field order: equal content, equal checksum. */
export function contentChecksum(c: DocumentContent): string {
  const canonical = JSON.stringify([
    c.title,
    c.docNumber,
    c.category,
    c.issuer,
    c.coIssuers,
    c.indexNo,
    c.registrationNo,
    c.topic,
    c.keywords,
    c.signedOn,
    c.publishedOn,
    c.effectiveFrom,
    c.validUntil,
    c.summary,
    c.body,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface InitialEvent {
  fromStatus: ValidityStatus | null;
  toStatus: ValidityStatus;
  effectiveOn: string;
  reason: string;
}

/**
 * The events a newly registered document starts with, and so its status.
 * Imported documents are `unmarked` until the legal office reviews them. A registered
 * one takes its status from its dates as of today: not yet effective is `pending`;
 * effective (from effectiveFrom, or publishedOn when that is all there is) is `in_force`;
 * a validity period that has already run out ends it the day after `validUntil`.
 * Without any date the library cannot tell, so it is `unmarked`.
 */
export function initialEvents(c: DocumentContent, today: string, source: 'api' | 'import'): InitialEvent[] {
  if (source === 'import') {
    return [
      { fromStatus: null, toStatus: 'unmarked', effectiveOn: c.publishedOn ?? today, reason: '导入，有效性待审核' },
    ];
  }
  const effective = c.effectiveFrom ?? c.publishedOn;
  if (!effective) {
    return [{ fromStatus: null, toStatus: 'unmarked', effectiveOn: today, reason: '登记时无施行日期，有效性待审核' }];
  }
  if (effective > today) {
    const published =
      c.publishedOn && c.publishedOn <= effective ? c.publishedOn : today < effective ? today : effective;
    return [{ fromStatus: null, toStatus: 'pending', effectiveOn: published, reason: '已发布，尚未施行' }];
  }
  const events: InitialEvent[] = [
    { fromStatus: null, toStatus: 'in_force', effectiveOn: effective, reason: '自施行日期起生效' },
  ];
  if (c.validUntil && c.validUntil < today) {
    events.push({
      fromStatus: 'in_force',
      toStatus: 'expired',
      effectiveOn: addDays(c.validUntil, 1),
      reason: '有效期届满',
    });
  }
  return events;
}
