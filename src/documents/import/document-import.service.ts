import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import type { FieldProblem } from '../../common/domain-error.js';
import { OutboxRepository } from '../../outbox/outbox.repository.js';
import { SYSTEM_ACTOR } from '../document.model.js';
import { contentChecksum, type DocumentContent, initialEvents } from '../document-rules.js';
import { DocumentsRepository } from '../documents.repository.js';
import { ImportRepository } from './import.repository.js';
import { parseImportLine, recordKey } from './import-record.js';

export interface ImportProblem {
  line: number;
  problems: FieldProblem[];
}

export interface ImportProgress {
  linesRead: number;
  bytesRead: number;
  totalBytes: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface ImportReport extends ImportProgress {
  errors: ImportProblem[];
  elapsedMs: number;
}

export interface ImportOptions {
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Batches written at once, each in its own transaction (default 2). */
  concurrency?: number;
  /** Problems beyond this many are counted but not kept (a file of a million bad lines must not exhaust memory). */
  maxReportedErrors?: number;
}

export interface PendingRecord {
  line: number;
  key: string;
  id: string | null;
  content: DocumentContent;
  checksum: string;
}

/**
 * Imports JSONL (one document a line, in the API's field names). Good records are
 * imported in batches, each batch in one transaction; bad ones are reported by line.
 * A record that is already in the library with the same content changes nothing, so
 * importing the same file twice is harmless.
 */
@Injectable()
export class DocumentImportService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly imports: ImportRepository,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  async importFile(path: string, options: ImportOptions = {}): Promise<ImportReport> {
    const started = performance.now();
    const { size } = await stat(path);
    const batchSize = options.batchSize ?? 500;
    const maxErrors = options.maxReportedErrors ?? 10_000;
    const report: ImportReport = {
      linesRead: 0,
      bytesRead: 0,
      totalBytes: size,
      created: 0,
      updated: 0,
      unchanged: 0,
      failed: 0,
      errors: [],
      elapsedMs: 0,
    };
    const fail = (line: number, problems: FieldProblem[]) => {
      report.failed++;
      if (report.errors.length < maxErrors) report.errors.push({ line, problems });
    };
    const seen = new Map<string, number>();
    const today = this.clock.today();
    let batch: PendingRecord[] = [];
    // Batches are written while the next ones are parsed, with up to `concurrency` writes in flight, each in
    // its own transaction: parsing is CPU in this process, writing is CPU in PostgreSQL, so overlapping them
    // uses both cores. Issuers are registered before a write starts, so concurrent writes never race to
    // create the same issuer.
    const concurrency = options.concurrency ?? 2;
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    const settle = async (all: boolean) => {
      while (inFlight.size >= (all ? 1 : concurrency)) await Promise.race(inFlight);
      if (failure !== undefined) {
        await Promise.allSettled(inFlight);
        throw failure;
      }
    };
    const flush = async () => {
      const pending = batch;
      batch = [];
      await settle(false);
      if (!pending.length) return;
      const issuerIds = await this.documents.ensureIssuers(pending.map((r) => r.content.issuer));
      const write = this.writeBatch(pending, issuerIds, today).then(
        (outcome) => {
          report.created += outcome.created;
          report.updated += outcome.updated;
          report.unchanged += outcome.unchanged;
          for (const c of outcome.conflicts) fail(c.line, c.problems);
          options.onProgress?.({ ...report });
        },
        (e: unknown) => {
          failure ??= e;
        },
      );
      inFlight.add(write);
      void write.finally(() => inFlight.delete(write));
    };

    const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      report.linesRead++;
      report.bytesRead += Buffer.byteLength(line) + 1;
      if (line.trim() === '') continue;
      const parsed = parseImportLine(line);
      if (!parsed.ok) {
        fail(report.linesRead, parsed.problems);
        continue;
      }
      const key = recordKey(parsed.id, parsed.content);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        fail(report.linesRead, [
          {
            field: parsed.content.docNumber ? 'docNumber' : 'title',
            reason: `repeats the document of line ${earlier}`,
          },
        ]);
        continue;
      }
      seen.set(key, report.linesRead);
      batch.push({
        line: report.linesRead,
        key,
        id: parsed.id,
        content: parsed.content,
        checksum: contentChecksum(parsed.content),
      });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await settle(true);
    // Conflicts found while writing arrive after later parse errors; report in line order.
    report.errors.sort((a, b) => a.line - b.line);
    report.bytesRead = Math.min(report.bytesRead, size);
    report.elapsedMs = Math.round(performance.now() - started);
    return report;
  }

  /** One transaction: find what exists, update what changed, insert what is new with its first event. */
  private async writeBatch(batch: PendingRecord[], issuerIds: Map<string, string>, today: string) {
    return this.documents.transaction(async (tx) => {
      const existing = await this.imports.findExisting(tx, batch, issuerIds);
      const toUpdate: (PendingRecord & { docId: string; issuerId: string })[] = [];
      const toInsert: (PendingRecord & { docId: string; issuerId: string })[] = [];
      let unchanged = 0;
      for (const r of batch) {
        const issuerId = issuerIds.get(r.content.issuer)!;
        const found = existing.get(r.key);
        if (!found) toInsert.push({ ...r, issuerId, docId: r.id ?? randomUUID() });
        else if (found.checksum === r.checksum) unchanged++;
        else toUpdate.push({ ...r, issuerId, docId: found.id });
      }
      const updated = await this.imports.updateContent(tx, toUpdate);
      const inserted = await this.imports.insertNew(tx, toInsert);
      const insertedRecords = toInsert.filter((r) => inserted.has(r.docId));
      await this.documents.insertEvents(
        tx,
        insertedRecords.map((r) => r.docId),
        insertedRecords.map((r) => initialEvents(r.content, today, 'import')),
        SYSTEM_ACTOR,
      );
      await this.outbox.recordChanges(tx, [...inserted], 'created');
      await this.outbox.recordChanges(tx, [...updated], 'updated');
      const conflicts = [
        ...toInsert.filter((r) => !inserted.has(r.docId)),
        ...toUpdate.filter((r) => !updated.has(r.docId)),
      ].map((r) => ({
        line: r.line,
        problems: [
          {
            field: r.content.docNumber ? 'docNumber' : 'id',
            reason: 'conflicts with another document already in the library (same issuer and 发文字号, or same id)',
          },
        ],
      }));
      return { created: inserted.size, updated: updated.size, unchanged, conflicts };
    });
  }
}
