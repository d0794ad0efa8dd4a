import { addDays, addYears } from '../common/calendar-date.js';
import type { AppConfig } from '../config/app-config.js';
import type { DocumentContent } from '../documents/document-rules.js';

/** Something the library tells the client about what it registered, without refusing it. */
export interface Notice {
  code: string;
  field?: string;
  message: string;
  [extra: string]: unknown;
}

/** 暂行 (interim) and 试行 (trial) documents get the shorter period. */
export const isProvisional = (title: string) => /暂行|试行/.test(title);

/**
 * The default validity period of a normative document registered without validUntil: NORMATIVE_VALIDITY_YEARS
 * (5) from the day it takes effect, PROVISIONAL_VALIDITY_YEARS (2) for 暂行/试行 — ending the day before the
 * anniversary (effective 2025-04-01, five years → 2030-03-31). Only proposed: the period is set by the
 * document itself, so the library does not write a date nobody decided. Null when nothing is to propose.
 */
export function proposeValidUntil(
  doc: Pick<DocumentContent, 'category' | 'title' | 'validUntil' | 'effectiveFrom' | 'publishedOn'>,
  config: Pick<AppConfig, 'NORMATIVE_VALIDITY_YEARS' | 'PROVISIONAL_VALIDITY_YEARS'>,
): Notice | null {
  if (doc.category !== 'normative' || doc.validUntil) return null;
  const provisional = isProvisional(doc.title);
  const years = provisional ? config.PROVISIONAL_VALIDITY_YEARS : config.NORMATIVE_VALIDITY_YEARS;
  const start = doc.effectiveFrom ?? doc.publishedOn;
  const proposed = start ? addDays(addYears(start, years), -1) : null;
  return {
    code: 'validity.valid_until_proposed',
    field: 'validUntil',
    message:
      `行政规范性文件 normally carry a validity period (有效期) of ${years} years` +
      (provisional ? ' (暂行/试行)' : '') +
      (proposed
        ? `; from ${start} that is validUntil ${proposed}. Not filled in: set it with PATCH if the document says so.`
        : '; give effectiveFrom or publishedOn to get a proposed date. Not filled in.'),
    proposedValidUntil: proposed,
    years,
    provisional,
  };
}
