import { PageQuery } from '../../common/page.query.js';
import type { RunState, RunTrigger } from '../province-sync-run.entity.js';
import type { SyncOverview, SyncRun } from '../province-sync.model.js';

/** One problem of a run. */
export class SyncRunError {
  /** When it happened (ISO 8601). */
  at: string;
  /** `province_sync.not_configured`, `province_sync.credentials_refused`, `province_sync.batch_failed`, `run.abandoned`, `run.error` */
  code: string;
  message: string;
  /** The batch number within the run, when the problem belongs to one batch. */
  batch?: number;
  /** The province's HTTP status, when it answered. */
  status?: number;
}

export class SyncRunCounts {
  sent: number;
  accepted: number;
  rejected: number;
  failed: number;
}

/** A push run as the API shows it (SPEC 3). */
export class SyncRunResponse {
  id: string;
  state: RunState;
  trigger: RunTrigger;
  dryRun: boolean;
  requestedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  heartbeatAt: string;
  counts: SyncRunCounts;
  /** The first problems of the run (at most 50). */
  errors: SyncRunError[];
}

export class SyncRunPage {
  total: number;
  page: number;
  pageSize: number;
  items: SyncRunResponse[];
}

export class SyncDocumentCounts {
  total: number;
  /** The province holds the current version. */
  synced: number;
  /** Due for the next run: new, changed, or not yet accepted. */
  pending: number;
  /** The province rejected the current version; not sent again until the document changes. */
  failed: number;
}

export class SyncRejectionCount {
  reason: string;
  count: number;
}

export class SyncRejectedDocument {
  documentId: string;
  title: string;
  docNumber: string | null;
  /** The version the province rejected. */
  version: number;
  reason: string | null;
  rejectedAt: string | null;
}

export class SyncOverviewResponse {
  documents: SyncDocumentCounts;
  /** Rejections of current versions, by reason. */
  rejections: SyncRejectionCount[];
  /** The rejected documents (up to 100, newest rejection first). */
  rejected: SyncRejectedDocument[];
  lastSuccessfulRun: SyncRunResponse | null;
  activeRun: SyncRunResponse | null;
}

export class ListRunsQuery extends PageQuery {}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toSyncRunResponse(r: SyncRun): SyncRunResponse {
  return {
    id: r.id,
    state: r.state,
    trigger: r.trigger,
    dryRun: r.dryRun,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    endedAt: iso(r.endedAt),
    heartbeatAt: r.heartbeatAt.toISOString(),
    counts: { ...r.counts },
    errors: r.errors,
  };
}

export function toSyncOverviewResponse(o: SyncOverview): SyncOverviewResponse {
  return {
    documents: o.documents,
    rejections: o.rejections,
    rejected: o.rejected.map((r) => ({ ...r })),
    lastSuccessfulRun: o.lastSuccessfulRun && toSyncRunResponse(o.lastSuccessfulRun),
    activeRun: o.activeRun && toSyncRunResponse(o.activeRun),
  };
}
