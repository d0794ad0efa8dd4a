import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../database/pg-errors.js';
import { modifyReturning } from '../database/query.js';
import { STATUS_LABELS } from '../validity/validity-status.js';
import type { EncodedDocument } from './province-client.js';
import type { RunState, RunTrigger } from './province-sync-run.entity.js';
import type { DocumentOutcome, DueDocument, RunError, SyncOverview, SyncRun } from './province-sync.model.js';

/** Keeps the run's error list readable: the first problems tell the story. */
export const MAX_RUN_ERRORS = 50;

/** The delta: documents whose version is newer than the one the province accepted, unless it rejected this very one. */
export const DUE = `s.current_version > COALESCE(s.accepted_version, 0) AND s.current_version IS DISTINCT FROM s.rejected_version`;

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** 有效性 in Chinese, from the one table of labels. */
const STATUS_LABEL_SQL = `CASE d.status ${Object.entries(STATUS_LABELS)
  .map(([status, label]) => `WHEN '${status}' THEN '${label}'`)
  .join(' ')} END`;

/** An instant as JavaScript writes it (toISOString): UTC, milliseconds, Z. */
const isoSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

interface RunRow {
  id: string;
  state: RunState;
  trigger: RunTrigger;
  dry_run: boolean;
  requested_by: string | null;
  created_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  heartbeat_at: Date;
  sent: number;
  accepted: number;
  rejected: number;
  failed: number;
  errors: RunError[];
}

const toRun = (r: RunRow): SyncRun => ({
  id: r.id,
  state: r.state,
  trigger: r.trigger,
  dryRun: r.dry_run,
  requestedBy: r.requested_by,
  createdAt: r.created_at,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  heartbeatAt: r.heartbeat_at,
  counts: { sent: r.sent, accepted: r.accepted, rejected: r.rejected, failed: r.failed },
  errors: r.errors,
});

const RUN_COLUMNS = `id, state, trigger, dry_run, requested_by, created_at, started_at, ended_at, heartbeat_at,
  sent, accepted, rejected, failed, errors`;

const errorJson = (e: Omit<RunError, 'at'>) => JSON.stringify([{ at: new Date().toISOString(), ...e }]);
const APPEND_ERRORS = (param: string) =>
  `errors = CASE WHEN jsonb_array_length(errors) < ${MAX_RUN_ERRORS} THEN errors || ${param}::jsonb ELSE errors END`;

/** The only place that reads and writes the push's runs and per-document state. */
@Injectable()
export class ProvinceSyncRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A new run; null when another real run is already queued or running. */
  async insertRun(run: {
    trigger: RunTrigger;
    requestedBy: string | null;
    dryRun?: boolean;
    state?: RunState;
    error?: Omit<RunError, 'at'>;
    sent?: number;
  }): Promise<SyncRun | null> {
    const state = run.state ?? 'queued';
    const ended = state !== 'queued' && state !== 'running';
    try {
      const rows: RunRow[] = await this.db.query(
        `INSERT INTO province_sync_run (state, trigger, dry_run, requested_by, started_at, ended_at, sent, errors)
         VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END, CASE WHEN $5 THEN now() END, $6, $7::jsonb)
         RETURNING ${RUN_COLUMNS}`,
        [
          state,
          run.trigger,
          run.dryRun ?? false,
          run.requestedBy,
          ended,
          run.sent ?? 0,
          run.error ? errorJson(run.error) : '[]',
        ],
      );
      return toRun(rows[0]);
    } catch (e) {
      if (isUniqueViolation(e, 'uq_province_sync_run_active')) return null;
      throw e;
    }
  }

  async findRun(id: string): Promise<SyncRun | null> {
    const rows: RunRow[] = await this.db.query(`SELECT ${RUN_COLUMNS} FROM province_sync_run WHERE id = $1`, [id]);
    return rows.length ? toRun(rows[0]) : null;
  }

  async activeRun(): Promise<SyncRun | null> {
    const rows: RunRow[] = await this.db.query(
      `SELECT ${RUN_COLUMNS} FROM province_sync_run WHERE state IN ('queued', 'running') AND NOT dry_run LIMIT 1`,
    );
    return rows.length ? toRun(rows[0]) : null;
  }

  async queuedRunIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM province_sync_run WHERE state = 'queued' AND NOT dry_run`,
    );
    return rows.map((r) => r.id);
  }

  async listRuns(page: number, pageSize: number): Promise<{ total: number; items: SyncRun[] }> {
    const [[{ total }], rows] = (await Promise.all([
      this.db.query(`SELECT count(*)::int AS total FROM province_sync_run`),
      this.db.query(`SELECT ${RUN_COLUMNS} FROM province_sync_run ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`, [
        pageSize,
        (page - 1) * pageSize,
      ]),
    ])) as [{ total: number }[], RunRow[]];
    return { total, items: rows.map(toRun) };
  }

  /** Takes a queued run for this worker; null when it is not queued any more (done, running, recovered). */
  async claimRun(id: string): Promise<SyncRun | null> {
    const rows = await modifyReturning<RunRow>(
      this.db.manager,
      `UPDATE province_sync_run SET state = 'running', started_at = now(), heartbeat_at = now()
       WHERE id = $1 AND state = 'queued' RETURNING ${RUN_COLUMNS}`,
      [id],
    );
    return rows.length ? toRun(rows[0]) : null;
  }

  /** Proves the run is alive; false when it is no longer running (recovered elsewhere). */
  async heartbeat(id: string): Promise<boolean> {
    const rows = await modifyReturning<{ id: string }>(
      this.db.manager,
      `UPDATE province_sync_run SET heartbeat_at = now() WHERE id = $1 AND state = 'running' RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** Marks runs without a heartbeat for `staleSeconds` failed; their documents stay due for the next run. */
  async recoverStaleRuns(staleSeconds: number): Promise<string[]> {
    const rows = await modifyReturning<{ id: string }>(
      this.db.manager,
      `UPDATE province_sync_run
       SET ended_at = now(),
           errors = CASE WHEN jsonb_array_length(errors) < ${MAX_RUN_ERRORS}
                         THEN errors || CASE WHEN state = 'queued' THEN $3::jsonb ELSE $2::jsonb END ELSE errors END,
           state = 'failed'
       WHERE state IN ('queued', 'running') AND NOT dry_run AND heartbeat_at < now() - make_interval(secs => $1)
       RETURNING id`,
      [
        staleSeconds,
        errorJson({
          code: 'run.abandoned',
          message: `no heartbeat for ${staleSeconds} s: the process running it stopped; its documents stay due for the next run`,
        }),
        errorJson({
          code: 'run.abandoned',
          message: `no worker took the run within ${staleSeconds} s (is a worker running, and Redis reachable?)`,
        }),
      ],
    );
    return rows.map((r) => r.id);
  }

  async appendError(id: string, error: Omit<RunError, 'at'>): Promise<void> {
    await this.db.query(`UPDATE province_sync_run SET ${APPEND_ERRORS('$2')} WHERE id = $1`, [id, errorJson(error)]);
  }

  /** Ends a queued or running run; false when it had already ended (e.g. recovered as stale). */
  async finishRun(id: string, state: RunState, error?: Omit<RunError, 'at'>): Promise<boolean> {
    const rows = await modifyReturning<{ id: string }>(
      this.db.manager,
      `UPDATE province_sync_run SET state = $2, ended_at = now(), heartbeat_at = now()
         ${error ? `, ${APPEND_ERRORS('$3')}` : ''}
       WHERE id = $1 AND state IN ('queued', 'running') RETURNING id`,
      error ? [id, state, errorJson(error)] : [id, state],
    );
    return rows.length > 0;
  }

  /** The next due document ids after `afterId`, in id order (keyset pagination over the partial index). */
  async dueIdsAfter(afterId: string | null, limit: number): Promise<string[]> {
    const rows: { document_id: string }[] = await this.db.query(
      `SELECT s.document_id FROM province_sync_state s
       WHERE ${DUE} AND s.document_id > $1::uuid ORDER BY s.document_id LIMIT $2`,
      [afterId ?? NIL_UUID, limit],
    );
    return rows.map((r) => r.document_id);
  }

  async countDue(): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM province_sync_state s WHERE ${DUE}`,
    );
    return n;
  }

  /** What a dry run lists. */
  async dueDocuments(afterId: string | null, limit: number): Promise<DueDocument[]> {
    const rows: {
      id: string;
      title: string;
      doc_number: string | null;
      version: number;
      accepted_version: number | null;
      rejected_version: number | null;
    }[] = await this.db.query(
      `SELECT d.id, d.title, d.doc_number, d.version, s.accepted_version, s.rejected_version
       FROM province_sync_state s JOIN document d ON d.id = s.document_id
       WHERE ${DUE} AND s.document_id > $1::uuid ORDER BY s.document_id LIMIT $2`,
      [afterId ?? NIL_UUID, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      docNumber: r.doc_number,
      version: r.version,
      acceptedVersion: r.accepted_version,
      rejectedVersion: r.rejected_version,
    }));
  }

  /**
   * The documents as the province receives them (`ProvinceDocument`), with their validity events, in the
   * order of `ids`. PostgreSQL writes the JSON and hands it over as bytes (bytea), which the runner copies into
   * the batch body without decoding, parsing or re-encoding — most of the push's own CPU time otherwise.
   */
  async loadWireDocuments(ids: string[]): Promise<EncodedDocument[]> {
    return this.db.query(
      `SELECT d.id, d.version, d.checksum, convert_to(json_build_object(
         'id', d.id, 'version', d.version, 'checksum', d.checksum, 'title', d.title, 'docNumber', d.doc_number,
         'category', d.category, 'issuer', i.name, 'coIssuers', d.co_issuers, 'indexNo', d.index_no,
         'registrationNo', d.registration_no, 'topic', d.topic, 'keywords', d.keywords, 'signedOn', d.signed_on,
         'publishedOn', d.published_on, 'effectiveFrom', d.effective_from, 'validUntil', d.valid_until,
         'summary', d.summary, 'body', d.body, 'status', d.status, 'statusLabel', ${STATUS_LABEL_SQL},
         'createdAt', ${isoSql('d.created_at')}, 'updatedAt', ${isoSql('d.updated_at')},
         'statusEvents', COALESCE((
           SELECT json_agg(json_build_object(
             'action', e.action, 'fromStatus', e.from_status, 'toStatus', e.to_status, 'effectiveOn', e.effective_on,
             'reason', e.reason, 'basisDocumentId', e.basis_document_id, 'basisDocNumber', e.basis_doc_number,
             'provisions', e.provisions, 'recordedAt', ${isoSql('e.recorded_at')}) ORDER BY e.effective_on, e.id)
           FROM validity_event e WHERE e.document_id = d.id), '[]'::json)
       )::text, 'UTF8') AS json
       FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, ord)
       JOIN document d ON d.id = x.id JOIN issuer i ON i.id = d.issuer_id
       ORDER BY x.ord`,
      [ids],
    );
  }

  /**
   * Records what the province answered for a batch and adds it to the run's counts, in one transaction.
   * The accepted version is the one that was in the batch, so an edit made meanwhile stays due.
   * Returns the run's state afterwards (a run recovered elsewhere is no longer `running`).
   */
  async recordBatch(runId: string, outcomes: DocumentOutcome[]): Promise<RunState | null> {
    const count = (o: DocumentOutcome['outcome']) => outcomes.filter((x) => x.outcome === o).length;
    return this.db.transaction(async (tx) => {
      await tx.query(
        `WITH x AS (
           SELECT * FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[])
             AS x(id, version, checksum, outcome, reason)
         )
         UPDATE province_sync_state s SET
           accepted_version = CASE WHEN x.outcome = 'accepted' AND x.version >= COALESCE(s.accepted_version, 0)
                                   THEN x.version ELSE s.accepted_version END,
           accepted_checksum = CASE WHEN x.outcome = 'accepted' AND x.version >= COALESCE(s.accepted_version, 0)
                                    THEN x.checksum ELSE s.accepted_checksum END,
           accepted_at = CASE WHEN x.outcome = 'accepted' AND x.version >= COALESCE(s.accepted_version, 0)
                              THEN now() ELSE s.accepted_at END,
           rejected_version = CASE WHEN x.outcome = 'rejected' THEN x.version
                                   WHEN x.outcome = 'accepted' AND x.version >= COALESCE(s.rejected_version, 0) THEN NULL
                                   ELSE s.rejected_version END,
           rejection_reason = CASE WHEN x.outcome = 'rejected' THEN x.reason
                                   WHEN x.outcome = 'accepted' AND x.version >= COALESCE(s.rejected_version, 0) THEN NULL
                                   ELSE s.rejection_reason END,
           rejected_at = CASE WHEN x.outcome = 'rejected' THEN now()
                              WHEN x.outcome = 'accepted' AND x.version >= COALESCE(s.rejected_version, 0) THEN NULL
                              ELSE s.rejected_at END,
           last_attempt_run_id = $1,
           last_attempt_at = now(),
           last_error = CASE WHEN x.outcome = 'failed' THEN x.reason END
         FROM x WHERE s.document_id = x.id`,
        [
          runId,
          outcomes.map((o) => o.id),
          outcomes.map((o) => o.version),
          outcomes.map((o) => o.checksum),
          outcomes.map((o) => o.outcome),
          outcomes.map((o) => o.reason),
        ],
      );
      const rows = await modifyReturning<{ state: RunState }>(
        tx,
        `UPDATE province_sync_run SET sent = sent + $2, accepted = accepted + $3, rejected = rejected + $4,
           failed = failed + $5, heartbeat_at = CASE WHEN state = 'running' THEN now() ELSE heartbeat_at END
         WHERE id = $1 RETURNING state`,
        [runId, outcomes.length, count('accepted'), count('rejected'), count('failed')],
      );
      return rows[0]?.state ?? null;
    });
  }

  async overview(): Promise<Omit<SyncOverview, 'lastSuccessfulRun' | 'activeRun'>> {
    const [[counts], rejections, rejected] = (await Promise.all([
      this.db.query(
        `SELECT count(*)::int AS total,
           count(*) FILTER (WHERE s.accepted_version >= s.current_version)::int AS synced,
           count(*) FILTER (WHERE ${DUE})::int AS pending,
           count(*) FILTER (WHERE s.rejected_version = s.current_version)::int AS failed
         FROM province_sync_state s`,
      ),
      this.db.query(
        `SELECT COALESCE(s.rejection_reason, '') AS reason, count(*)::int AS count FROM province_sync_state s
         WHERE s.rejected_version IS NOT NULL AND s.rejected_version = s.current_version
         GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50`,
      ),
      this.db.query(
        `SELECT s.document_id, d.title, d.doc_number, s.rejected_version, s.rejection_reason, s.rejected_at
         FROM province_sync_state s JOIN document d ON d.id = s.document_id
         WHERE s.rejected_version IS NOT NULL AND s.rejected_version = s.current_version
         ORDER BY s.rejected_at DESC, s.document_id LIMIT 100`,
      ),
    ])) as [
      { total: number; synced: number; pending: number; failed: number }[],
      { reason: string; count: number }[],
      Record<string, any>[],
    ];
    return {
      documents: counts,
      rejections,
      rejected: rejected.map((r) => ({
        documentId: r.document_id,
        title: r.title,
        docNumber: r.doc_number,
        version: r.rejected_version,
        reason: r.rejection_reason,
        rejectedAt: r.rejected_at ? (r.rejected_at as Date).toISOString() : null,
      })),
    };
  }

  async lastSuccessfulRun(): Promise<SyncRun | null> {
    const rows: RunRow[] = await this.db.query(
      `SELECT ${RUN_COLUMNS} FROM province_sync_run WHERE state = 'succeeded' AND NOT dry_run
       ORDER BY ended_at DESC LIMIT 1`,
    );
    return rows.length ? toRun(rows[0]) : null;
  }
}
