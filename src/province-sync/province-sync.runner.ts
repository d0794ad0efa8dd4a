import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Clock } from '../common/clock.js';
import { ProvinceClient, type EncodedDocument, type ProvinceEndpoint } from './province-client.js';
import type { RunState } from './province-sync-run.entity.js';
import type { DocumentOutcome, RunError } from './province-sync.model.js';
import { ProvinceSyncRepository } from './province-sync.repository.js';

export interface RunProgress {
  batches: number;
  sent: number;
  accepted: number;
  rejected: number;
  failed: number;
}

export const NOT_CONFIGURED: Omit<RunError, 'at'> = {
  code: 'province_sync.not_configured',
  message: 'PROVINCE_SYNC_URL, PROVINCE_SYNC_TOKEN and PROVINCE_SYNC_SECRET must all be set to push to the province',
};

/** The province's endpoint from the configuration, or null when any part is missing. */
export function provinceEndpoint(config: AppConfig): ProvinceEndpoint | null {
  const { PROVINCE_SYNC_URL: url, PROVINCE_SYNC_TOKEN: token, PROVINCE_SYNC_SECRET: secret } = config;
  return url && token && secret ? { url, token, secret } : null;
}

/** What one batch's answer means for each document in it. */
export function outcomesFor(
  sent: Pick<EncodedDocument, 'id' | 'version' | 'checksum'>[],
  answer: { kind: 'answered'; results: { id: string; version: number; outcome: string; reason?: string }[] },
): DocumentOutcome[] {
  const byKey = new Map(answer.results.map((r) => [`${r.id}@${r.version}`, r]));
  return sent.map((d) => {
    const r = byKey.get(`${d.id}@${d.version}`);
    if (!r)
      return {
        id: d.id,
        version: d.version,
        checksum: d.checksum,
        outcome: 'failed',
        reason: 'the province answered without a result for this document and version',
      };
    return {
      id: d.id,
      version: d.version,
      checksum: d.checksum,
      outcome: r.outcome === 'accepted' ? 'accepted' : 'rejected',
      reason: r.outcome === 'accepted' ? null : (r.reason ?? 'rejected without a reason'),
    };
  });
}

/** How a run ends, from its counts. Rejections are the province's verdict, reported as a partial failure. */
export function finalState(p: RunProgress): RunState {
  if (p.failed === 0 && p.rejected === 0) return 'succeeded';
  if (p.accepted === 0 && p.rejected === 0) return 'failed';
  return 'partially_failed';
}

/**
 * Batches in progress at once, each read, sent and recorded on its own: while one is answered the next is on
 * its way and a third is read from the database, so the province is never left waiting for us. It is also
 * the most requests the province sees from one run at a time.
 */
export const BATCHES_IN_FLIGHT = 3;

/**
 * Executes one claimed run: walks the delta in batches, sends each signed batch through the
 * adapter, and records every answer in the database as it comes. Safe to die at any point: what
 * the province accepted is recorded per batch, and the rest stays due for the next run.
 */
@Injectable()
export class ProvinceSyncRunner {
  private readonly logger = new Logger(ProvinceSyncRunner.name);
  /** Runs executing in this process, so a shutdown can end them cleanly instead of leaving them to go stale. */
  private readonly active = new Map<string, { stop: AbortController; done: Promise<unknown> }>();
  private readonly interrupted = new Set<string>();

  constructor(
    private readonly repository: ProvinceSyncRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Ends every run of this process: no new batch is sent, requests in flight are abandoned, what was answered
   * is recorded, and the run is marked failed (`run.interrupted`); its documents stay due for the next run.
   */
  async interruptAll(): Promise<void> {
    for (const [runId, run] of this.active) {
      this.interrupted.add(runId);
      run.stop.abort();
    }
    await Promise.allSettled([...this.active.values()].map((r) => r.done));
  }

  async execute(runId: string, onProgress?: (p: RunProgress) => void): Promise<RunState | null> {
    const stop = new AbortController();
    const done = this.run(runId, stop, onProgress);
    this.active.set(runId, { stop, done });
    try {
      return await done;
    } finally {
      this.active.delete(runId);
      this.interrupted.delete(runId);
    }
  }

  private async run(
    runId: string,
    stop: AbortController,
    onProgress?: (p: RunProgress) => void,
  ): Promise<RunState | null> {
    const endpoint = provinceEndpoint(this.config);
    if (!endpoint) {
      await this.repository.finishRun(runId, 'failed', NOT_CONFIGURED);
      return 'failed';
    }
    // The heartbeat runs on its own timer, so a long batch (retries, backoff) does not look like a dead run.
    const heartbeatMs = Math.max(250, Math.min(10_000, (this.config.PROVINCE_SYNC_STALE_RUN_SECONDS * 1000) / 4));
    const timer = setInterval(() => {
      this.repository.heartbeat(runId).then(
        (alive) => {
          if (!alive) stop.abort();
        },
        (e: Error) => this.logger.warn(`province sync run ${runId}: heartbeat failed: ${e.message}`),
      );
    }, heartbeatMs);
    const client = new ProvinceClient(endpoint, {
      requestTimeoutMs: this.config.PROVINCE_SYNC_REQUEST_TIMEOUT_MS,
      retryLimit: this.config.PROVINCE_SYNC_RETRY_LIMIT,
      signal: stop.signal,
      onRetry: ({ attempt, delayMs, reason }) =>
        this.logger.warn(`province sync run ${runId}: retry ${attempt} in ${delayMs} ms after ${reason}`),
    });
    const progress: RunProgress = { batches: 0, sent: 0, accepted: 0, rejected: 0, failed: 0 };
    let recovered = false;
    let refused: Omit<RunError, 'at'> | null = null;

    /** Sends one batch and records the answer; what the province accepted is in the database when this ends. */
    const sendAndRecord = async (batchNo: number, documents: EncodedDocument[]): Promise<void> => {
      const body = ProvinceClient.encodeDocuments(
        this.config.PROVINCE_SYNC_SOURCE,
        this.clock.now().toISOString(),
        documents,
      );
      const answer = await client.sendBatch(body, `${runId}-${batchNo}`);
      if (answer.kind === 'permanent') {
        refused ??= {
          code: 'province_sync.credentials_refused',
          message: `${answer.reason}; the run stopped. Check PROVINCE_SYNC_TOKEN and PROVINCE_SYNC_SECRET.`,
          batch: batchNo,
          status: answer.status,
        };
        stop.abort();
        return;
      }
      let outcomes: DocumentOutcome[];
      if (answer.kind === 'answered') {
        outcomes = outcomesFor(documents, answer);
      } else {
        await this.repository.appendError(runId, {
          code: 'province_sync.batch_failed',
          message: `batch ${batchNo} of ${documents.length} documents failed: ${answer.reason}`,
          batch: batchNo,
          ...(answer.status ? { status: answer.status } : {}),
        });
        outcomes = documents.map((d) => ({
          id: d.id,
          version: d.version,
          checksum: d.checksum,
          outcome: 'failed' as const,
          reason: answer.reason,
        }));
      }
      const state = await this.repository.recordBatch(runId, outcomes);
      for (const o of outcomes) progress[o.outcome]++;
      progress.sent += outcomes.length;
      onProgress?.({ ...progress });
      if (state !== 'running') {
        recovered = true;
        stop.abort();
      }
    };

    // Only walking the delta (cheap, by the partial index) is sequential; reading, sending and recording the
    // batches overlap, up to BATCHES_IN_FLIGHT at a time.
    const inFlight = new Set<Promise<void>>();
    let cursor: string | null = null;
    try {
      while (!stop.signal.aborted) {
        const ids = await this.repository.dueIdsAfter(cursor, this.config.PROVINCE_SYNC_BATCH_SIZE);
        if (!ids.length) break;
        cursor = ids[ids.length - 1];
        const batchNo = ++progress.batches;
        const work: Promise<void> = (async () => {
          // A document deleted meanwhile simply drops out of its batch.
          const documents = await this.repository.loadWireDocuments(ids);
          if (documents.length && !stop.signal.aborted) await sendAndRecord(batchNo, documents);
        })().finally(() => inFlight.delete(work));
        work.catch(() => undefined); // awaited below; never left unhandled
        inFlight.add(work);
        if (inFlight.size >= BATCHES_IN_FLIGHT) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
      if (refused) {
        await this.repository.finishRun(runId, 'failed', refused);
        return 'failed';
      }
      if (this.interrupted.has(runId)) {
        await this.repository.finishRun(runId, 'failed', {
          code: 'run.interrupted',
          message: 'the process running it was stopping; its unsent documents stay due for the next run',
        });
        return 'failed';
      }
      if (recovered || stop.signal.aborted) {
        this.logger.warn(`province sync run ${runId} was ended elsewhere (recovered as stale); stopping`);
        return null;
      }
      const state = finalState(progress);
      await this.repository.finishRun(runId, state);
      this.logger.log(
        `province sync run ${runId} ${state}: ${progress.sent} sent, ${progress.accepted} accepted, ` +
          `${progress.rejected} rejected, ${progress.failed} failed`,
      );
      return state;
    } catch (e) {
      stop.abort();
      await Promise.allSettled(inFlight);
      this.logger.error(`province sync run ${runId} failed: ${(e as Error).stack ?? String(e)}`);
      await this.repository
        .finishRun(runId, 'failed', { code: 'run.error', message: (e as Error).message })
        .catch(() => undefined);
      throw e;
    } finally {
      clearInterval(timer);
      client.close();
    }
  }
}
