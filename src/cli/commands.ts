import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import { DomainError } from '../common/domain-error.js';
import { dataSourceOptions } from '../database/data-source.js';
import { DemoSeedService } from '../demo/demo-seed.service.js';
import { DocumentExportService } from '../documents/import/document-export.service.js';
import { DocumentImportService, type ImportReport } from '../documents/import/document-import.service.js';
import { SearchReindexService } from '../search/indexing/search-reindex.service.js';
import { SEARCH_ENGINE, type SearchEngine } from '../search/search-engine.js';
import { ProgressLine } from './progress.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Thrown for a command used wrongly: the CLI prints it with the usage and exits 64. */
export class UsageError extends Error {}

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  db:migrate                                  apply pending database migrations
  users:create --username U --role R [--password P]
                                              create a user (role: editor, legal, admin), or reset one;
                                              without --password a password is generated and printed
  import <file.jsonl>                         import documents, one JSON object a line (API field names)
  export <file.jsonl>                         write every document, one JSON object a line
  demo:seed [--count N]                       load a realistic sample catalogue into an empty library
  search:reindex                              rebuild the search index from the catalogue; search keeps
                                              answering meanwhile (engine from SEARCH_ENGINE)
`;

export async function migrate(databaseUrl: string, io: CliIo): Promise<void> {
  const ds = new DataSource(dataSourceOptions(databaseUrl));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    io.out(
      applied.length
        ? `Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`
        : 'The database is up to date.',
    );
  } finally {
    await ds.destroy();
  }
}

export async function createUser(
  app: INestApplicationContext,
  opts: { username?: string; role?: string; password?: string },
  io: CliIo,
): Promise<void> {
  if (!opts.username || !opts.role) throw new UsageError('users:create needs --username and --role');
  const generated = opts.password === undefined;
  const password = opts.password ?? randomBytes(12).toString('base64url');
  try {
    const { created } = await app.get(AuthService).createUser(opts.username, opts.role, password);
    io.out(`${created ? 'Created' : 'Updated'} user ${opts.username} with role ${opts.role}.`);
    if (generated) io.out(`Password: ${password}`);
  } catch (e) {
    if (e instanceof DomainError)
      throw new UsageError(e.errors.map((p) => `--${p.field} ${p.reason}`).join('; ') || e.message);
    throw e;
  }
}

const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);

export async function importDocuments(
  app: INestApplicationContext,
  file: string | undefined,
  io: CliIo,
): Promise<ImportReport> {
  if (!file) throw new UsageError('import needs a file: npm run cli -- import <file.jsonl>');
  const progress = new ProgressLine();
  const report = await app.get(DocumentImportService).importFile(resolve(file), {
    onProgress: (p) =>
      progress.update(
        `importing: ${((100 * p.bytesRead) / Math.max(p.totalBytes, 1)).toFixed(0)}% (${mb(p.bytesRead)}/${mb(p.totalBytes)} MB), ` +
          `line ${p.linesRead}: ${p.created} new, ${p.updated} updated, ${p.unchanged} unchanged, ${p.failed} bad`,
      ),
  });
  progress.finish();
  io.out(
    `Imported ${file} in ${(report.elapsedMs / 1000).toFixed(1)} s: ${report.created} new, ${report.updated} updated, ` +
      `${report.unchanged} unchanged, ${report.failed} bad.`,
  );
  for (const e of report.errors) {
    io.err(`line ${e.line}: ${e.problems.map((p) => `${p.field} ${p.reason}`).join('; ')}`);
  }
  if (report.failed > report.errors.length) io.err(`… and ${report.failed - report.errors.length} more bad lines.`);
  return report;
}

export async function exportDocuments(
  app: INestApplicationContext,
  file: string | undefined,
  io: CliIo,
): Promise<void> {
  if (!file) throw new UsageError('export needs a file: npm run cli -- export <file.jsonl>');
  const progress = new ProgressLine();
  const { written } = await app
    .get(DocumentExportService)
    .exportFile(resolve(file), (n) => progress.update(`exporting: ${n} documents`));
  progress.finish();
  io.out(`Exported ${written} documents to ${file}.`);
}

export async function demoSeed(app: INestApplicationContext, count: string | undefined, io: CliIo): Promise<void> {
  const n = count === undefined ? undefined : Number(count);
  if (n !== undefined && !(Number.isInteger(n) && n > 0 && n <= 100_000))
    throw new UsageError('--count must be a whole number from 1 to 100000');
  await app.get(DemoSeedService).seed({ count: n, log: io.out });
}

export async function searchReindex(app: INestApplicationContext, io: CliIo): Promise<void> {
  const engine = app.get<SearchEngine>(SEARCH_ENGINE);
  const progress = new ProgressLine(2_000);
  const result = await app
    .get(SearchReindexService)
    .reindex((p) =>
      progress.update(
        `indexing (${engine.name}): ${p.indexed}/${p.total} documents, ` +
          `${Math.round(p.indexed / Math.max(p.elapsedMs / 1000, 0.001))} documents/s`,
      ),
    );
  progress.finish();
  const seconds = result.elapsedMs / 1000;
  io.out(
    `Rebuilt the ${engine.name} search index: ${result.indexed} documents in ${seconds.toFixed(1)} s ` +
      `(${Math.round(result.indexed / Math.max(seconds, 0.001))} documents/s).`,
  );
}
