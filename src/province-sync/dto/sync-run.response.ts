import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { RunState, RunTrigger } from '../province-sync-run.entity.js';
import type { RunError, SyncOverview, SyncRun } from '../province-sync.model.js';

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
  /** `[{at, code, message, batch?, status?}]` */
  errors: RunError[];
}

export class SyncRunPage {
  total: number;
  page: number;
  pageSize: number;
  items: SyncRunResponse[];
}

export class SyncOverviewResponse {
  /** synced: the province holds the current version; pending: due for the next run; failed: rejected at the current version. */
  documents: { total: number; synced: number; pending: number; failed: number };
  /** Rejections of current versions, by reason. */
  rejections: { reason: string; count: number }[];
  /** The rejected documents (up to 100, newest rejection first). */
  rejected: SyncOverview['rejected'];
  lastSuccessfulRun: SyncRunResponse | null;
  activeRun: SyncRunResponse | null;
}

export class ListRunsQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  page: number = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be between 1 and 100' })
  @Max(100, { message: 'must be between 1 and 100' })
  pageSize: number = 20;
}

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
    rejected: o.rejected,
    lastSuccessfulRun: o.lastSuccessfulRun && toSyncRunResponse(o.lastSuccessfulRun),
    activeRun: o.activeRun && toSyncRunResponse(o.activeRun),
  };
}
