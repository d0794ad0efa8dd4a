import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ValidityStatus } from '../validity/validity-status.js';

/** The four counts of one category: a = inForce(Y-1), i = issued(Y), r = repealed(Y), b = inForce(Y). */
export interface AnnualTotals {
  a: number;
  i: number;
  r: number;
  b: number;
}

/** One document's part in the annual figures of a year (only documents that break the identity are read). */
export interface AnnualRow {
  id: string;
  title: string;
  docNumber: string | null;
  category: 'regulation' | 'normative';
  publishedOn: string | null;
  statusPrev: ValidityStatus | null;
  statusEnd: ValidityStatus | null;
  /** 1 when in force on 31 Dec of Y-1 */
  a: number;
  /** 1 when published in Y */
  i: number;
  /** 1 when ended (expired or repealed) with an effective date in Y */
  r: number;
  /** 1 when in force on 31 Dec of Y */
  b: number;
}

/** Reads the annual figures straight from the validity events, never from today's status. */
@Injectable()
export class AnnualReportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The four counts per category for year Y, and every document whose own a + i − r − b is not 0 (it
   * breaks the identity), in one statement over the status periods.
   */
  async figures(
    year: number,
    issuer: string | null,
  ): Promise<{ totals: Partial<Record<AnnualRow['category'], AnnualTotals>>; breaks: AnnualRow[] }> {
    const rows: AnnualRow[] = await this.dataSource.query(
      `WITH s AS (
         SELECT d.id, d.title, d.doc_number, d.category, d.published_on, p.status AS status_prev, e.status AS status_end
         FROM document d
         -- The status periods (validity_span, derived from the events) covering 31 Dec of Y-1 and of Y.
         LEFT JOIN validity_span p ON p.document_id = d.id AND p.during @> make_date($1::int - 1, 12, 31)
         LEFT JOIN validity_span e ON e.document_id = d.id AND e.during @> make_date($1::int, 12, 31)
         WHERE d.category IN ('regulation', 'normative')
           AND ($2::text IS NULL OR d.issuer_id = (SELECT id FROM issuer WHERE name = $2::text))
       ), f AS (
         SELECT s.*,
                COALESCE(status_prev IN ('in_force', 'partially_in_force'), false) AS a,
                COALESCE(published_on BETWEEN make_date($1::int, 1, 1) AND make_date($1::int, 12, 31), false) AS i,
                COALESCE(status_end IN ('expired', 'repealed'), false)
                  AND NOT COALESCE(status_prev IN ('expired', 'repealed'), false) AS r,
                COALESCE(status_end IN ('in_force', 'partially_in_force'), false) AS b
         FROM s
       )
       -- One row of totals per category, and one row per document that breaks the identity.
       SELECT NULL AS id, NULL AS title, NULL AS "docNumber", category, NULL AS "publishedOn", NULL AS "statusPrev",
              NULL AS "statusEnd", count(*) FILTER (WHERE a)::int AS a, count(*) FILTER (WHERE i)::int AS i,
              count(*) FILTER (WHERE r)::int AS r, count(*) FILTER (WHERE b)::int AS b
       FROM f GROUP BY category
       UNION ALL
       SELECT id::text, title, doc_number, category, published_on::text, status_prev, status_end, a::int, i::int, r::int, b::int
       FROM f WHERE a::int + i::int - r::int - b::int <> 0`,
      [year, issuer],
    );
    const totals: Partial<Record<AnnualRow['category'], AnnualTotals>> = {};
    for (const r of rows.filter((row) => row.id === null)) totals[r.category] = { a: r.a, i: r.i, r: r.r, b: r.b };
    return { totals, breaks: rows.filter((row) => row.id !== null) };
  }
}
