import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ValidityStatus } from '../validity/validity-status.js';

/** One document's part in the annual figures of a year. */
export interface AnnualRow {
  id: string;
  title: string;
  docNumber: string | null;
  category: 'regulation' | 'normative';
  publishedOn: string | null;
  statusPrev: ValidityStatus | null;
  statusEnd: ValidityStatus | null;
  /** in force on 31 Dec of Y-1 */
  a: boolean;
  /** published in Y */
  i: boolean;
  /** ended (expired or repealed) with an effective date in Y */
  r: boolean;
  /** in force on 31 Dec of Y */
  b: boolean;
}

/** The status a document had on a date: the last counted event effective by then (SPEC 2). */
const STATUS_ON = (date: string) => `(SELECT e.to_status FROM validity_event e
   WHERE e.document_id = d.id AND e.effective_on <= ${date}
     AND NOT EXISTS (SELECT 1 FROM validity_event c WHERE c.corrects_event_id = e.id)
   ORDER BY e.effective_on DESC, e.id DESC LIMIT 1)`;

/** Reads the annual figures straight from the validity events, never from today's status. */
@Injectable()
export class AnnualReportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every regulation and normative document that counts in any of the four figures of year Y (or of the
   * identity), with its four flags. A document that counts in none is left out.
   */
  async rows(year: number, issuer: string | null): Promise<AnnualRow[]> {
    return this.dataSource.query(
      `WITH s AS (
         SELECT d.id, d.title, d.doc_number, d.category, d.published_on,
                ${STATUS_ON('make_date($1::int - 1, 12, 31)')} AS status_prev,
                ${STATUS_ON('make_date($1::int, 12, 31)')} AS status_end
         FROM document d
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
       SELECT id, title, doc_number AS "docNumber", category, published_on AS "publishedOn",
              status_prev AS "statusPrev", status_end AS "statusEnd", a, i, r, b
       FROM f WHERE a OR i OR r OR b
       ORDER BY category, published_on NULLS FIRST, id`,
      [year, issuer],
    );
  }
}
