import { type CsvValue, toCsv } from '../common/csv.js';
import { STATUS_LABELS } from '../validity/validity-status.js';
import type { AnnualRow, AnnualTotals } from './annual-report.repository.js';

export const REPORT_CATEGORIES = ['regulation', 'normative'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

export interface CategoryFigures {
  /** 本年制发件数: publishedOn in Y */
  issued: number;
  /** 本年废止件数: became expired or repealed with an effective date in Y */
  repealed: number;
  /** 现行有效件数: in_force or partially_in_force on 31 December of Y */
  inForce: number;
  /** inForce of Y-1, for the identity */
  inForcePreviousYear: number;
}

export interface IdentityBreak {
  documentId: string;
  docNumber: string | null;
  title: string;
  category: ReportCategory;
  /** What the document adds to inForce(Y-1) + issued(Y) − repealed(Y) − inForce(Y); never 0 here. */
  difference: number;
  code: string;
  reason: string;
}

export interface AnnualReport {
  year: number;
  issuer: string | null;
  regulation: CategoryFigures;
  normative: CategoryFigures;
  identity: {
    /**
     * inForce(Y-1) + issued(Y) − repealed(Y) = inForce(Y) for every document of both categories; false when
     * any document breaks it, even if the breaks cancel out in the totals.
     */
    holds: boolean;
    checks: Record<
      ReportCategory,
      { expected: number; actual: number; difference: number; breaks: number; holds: boolean }
    >;
    breaks: IdentityBreak[];
  };
}

const label = (s: string | null) => (s ? `${s} ${STATUS_LABELS[s as keyof typeof STATUS_LABELS]}` : 'no status');

/** Why one document breaks the identity, from its four flags. */
export function explainBreak(r: AnnualRow, year: number): { code: string; reason: string } {
  const prev = `31 Dec ${year - 1}`;
  const end = `31 Dec ${year}`;
  if (r.r && !r.a && !r.i) {
    return {
      code: 'ended_without_being_in_force',
      reason: `ended in ${year} (${label(r.statusEnd)}) without being in force on ${prev} (${label(r.statusPrev)}) nor published in ${year}`,
    };
  }
  if (r.i && !r.b && !r.r) {
    return {
      code: 'issued_not_in_force',
      reason: `published in ${year} but not in force on ${end} (${label(r.statusEnd)})`,
    };
  }
  if (r.a && r.i) {
    return {
      code: 'in_force_before_published',
      reason: `already in force on ${prev} though published in ${year} (${r.publishedOn}): check publishedOn and effectiveFrom`,
    };
  }
  if (r.b && !r.a && !r.i) {
    return {
      code: r.publishedOn ? 'in_force_not_counted_as_issued' : 'missing_published_on',
      reason: r.publishedOn
        ? `in force on ${end} but neither in force on ${prev} (${label(r.statusPrev)}) nor published in ${year} (published ${r.publishedOn})`
        : `in force on ${end} but has no publishedOn, so it is counted as issued in no year`,
    };
  }
  if (r.a && !r.b && !r.r) {
    return {
      code: 'left_force_without_ending',
      reason: `in force on ${prev} but not on ${end} (${label(r.statusEnd)}) without being repealed or expiring`,
    };
  }
  return { code: 'inconsistent', reason: `status ${label(r.statusPrev)} on ${prev}, ${label(r.statusEnd)} on ${end}` };
}

/** The figures and the identity check, from the totals and the documents that break it. Pure. */
export function buildAnnualReport(
  year: number,
  issuer: string | null,
  totals: Partial<Record<ReportCategory, AnnualTotals>>,
  breaking: AnnualRow[],
): AnnualReport {
  const figures = (t: AnnualTotals | undefined): CategoryFigures => ({
    issued: t?.i ?? 0,
    repealed: t?.r ?? 0,
    inForce: t?.b ?? 0,
    inForcePreviousYear: t?.a ?? 0,
  });
  const out: Record<ReportCategory, CategoryFigures> = {
    regulation: figures(totals.regulation),
    normative: figures(totals.normative),
  };
  const breaks: IdentityBreak[] = breaking.map((r) => ({
    documentId: r.id,
    docNumber: r.docNumber,
    title: r.title,
    category: r.category,
    difference: r.a + r.i - r.r - r.b,
    ...explainBreak(r, year),
  }));
  // Each document's part must balance, not only the totals: two errors can cancel out in the sums.
  const check = (c: ReportCategory) => {
    const f = out[c];
    const expected = f.inForcePreviousYear + f.issued - f.repealed;
    const breaking = breaks.filter((b) => b.category === c).length;
    return { expected, actual: f.inForce, difference: expected - f.inForce, breaks: breaking, holds: breaking === 0 };
  };
  const checks = { regulation: check('regulation'), normative: check('normative') };
  return {
    year,
    issuer,
    regulation: out.regulation,
    normative: out.normative,
    identity: { holds: checks.regulation.holds && checks.normative.holds, checks, breaks },
  };
}

/** The figures as CSV (UTF-8 with BOM, so spreadsheet programs show the Chinese), then the breaks. */
export function annualReportCsv(report: AnnualReport): string {
  const lines: CsvValue[][] = [
    [
      'year',
      'issuer',
      'category',
      '类别',
      '本年制发件数 issued',
      '本年废止件数 repealed',
      '现行有效件数 inForce',
      '上年现行有效件数 inForcePreviousYear',
      'identity holds',
    ],
  ];
  const labels: Record<ReportCategory, string> = { regulation: '规章', normative: '行政规范性文件' };
  for (const c of REPORT_CATEGORIES) {
    const f = report[c];
    lines.push([
      report.year,
      report.issuer,
      c,
      labels[c],
      f.issued,
      f.repealed,
      f.inForce,
      f.inForcePreviousYear,
      report.identity.checks[c].holds,
    ]);
  }
  if (report.identity.breaks.length) {
    lines.push([]);
    lines.push(['breaks: documentId', 'docNumber', 'title', 'category', 'difference', 'code', 'reason']);
    for (const b of report.identity.breaks) {
      lines.push([b.documentId, b.docNumber, b.title, b.category, b.difference, b.code, b.reason]);
    }
  }
  return toCsv(lines);
}
