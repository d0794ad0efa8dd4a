import type { RunState, RunTrigger } from './province-sync-run.entity.js';

export interface RunError {
  at: string;
  code: string;
  message: string;
  batch?: number;
  status?: number;
}

/** A run as the repository returns it. */
export interface SyncRun {
  id: string;
  state: RunState;
  trigger: RunTrigger;
  dryRun: boolean;
  requestedBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  heartbeatAt: Date;
  counts: { sent: number; accepted: number; rejected: number; failed: number };
  errors: RunError[];
}

/** What the province answered for one document of a batch, or why it got no answer. */
export interface DocumentOutcome {
  id: string;
  /** The version that was in the batch: what the province accepted or rejected. */
  version: number;
  checksum: string;
  outcome: 'accepted' | 'rejected' | 'failed';
  reason: string | null;
}

export interface SyncOverview {
  documents: { total: number; synced: number; pending: number; failed: number };
  rejections: { reason: string; count: number }[];
  rejected: {
    documentId: string;
    title: string;
    docNumber: string | null;
    version: number;
    reason: string | null;
    rejectedAt: string | null;
  }[];
  lastSuccessfulRun: SyncRun | null;
  activeRun: SyncRun | null;
}

export interface DueDocument {
  id: string;
  title: string;
  docNumber: string | null;
  version: number;
  acceptedVersion: number | null;
  rejectedVersion: number | null;
}
