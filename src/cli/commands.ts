import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import type { Role } from '../auth/user.entity.js';
import { UsersService } from '../auth/users.service.js';
import { DomainError } from '../common/domain-error.js';
import { dataSourceOptions } from '../database/data-source.js';
import { grantApplicationRole } from '../database/database-roles.js';
import { DemoSeedService } from '../demo/demo-seed.service.js';
import { DocumentExportService } from '../documents/import/document-export.service.js';
import { DocumentImportService, type ImportReport } from '../documents/import/document-import.service.js';
import { ProvinceSyncRepository } from '../province-sync/province-sync.repository.js';
import { ProvinceSyncRunner } from '../province-sync/province-sync.runner.js';
import { ProvinceSyncRunsService } from '../province-sync/province-sync-runs.service.js';
import { isCalendarDate } from '../common/calendar-date.js';
import { annualReportCsv } from '../reports/annual-report.js';
import { AnnualReportService } from '../reports/annual-report.service.js';
import { ValiditySweepService } from '../validity/validity-sweep.service.js';
import { SearchReindexService } from '../search/indexing/search-reindex.service.js';
import { SEARCH_ENGINE, type SearchEngine } from '../search/search-engine.js';
import { ProgressLine } from './progress.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Reads a password from a prompt or standard input (never from the command line). */
  readPassword?: (prompt: string) => Promise<string>;
}

/** Thrown for a command used wrongly: the CLI prints it with the usage and exits 64. */
export class UsageError extends Error {}

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  db:migrate                                  apply pending database migrations (as DATABASE_OWNER_URL when
                                              set) and give DATABASE_URL's role its rights, creating it
  users:create --username U --role R [--password P | --generate-password]
                                              create a user (role: editor, legal, admin), or reset one;
                                              the password is read from a prompt or standard input
  users:disable --username U                  disable an account: its sessions end at once
  users:enable --username U                   enable a disabled account again
  users:set-role --username U --role R        change an account's role: its sessions end at once
  users:reset-password --username U [--password P | --generate-password]
                                              set an account's password (prompt or standard input);
                                              its sessions end at once
  users:unlock --username U                   lift the lock that failed logins put on an account
  import <file.jsonl>                         import documents, one JSON object a line (API field names)
  export <file.jsonl>                         write every document, one JSON object a line
  demo:seed [--count N]                       load a realistic sample catalogue into an empty library
  sync:province [--dry-run]                   push what changed to the provincial library now, in this process;
                                              --dry-run lists what would be sent without sending
                                              (exit 0 succeeded, 2 partially failed, 1 failed)
  validity:sweep [--date YYYY-MM-DD]          apply the validity changes due by that date (default today in
                                              APP_TIMEZONE): taking effect, expiry, scheduled actions
  report:annual <year> [--issuer NAME] [--format json|csv]
                                              the annual figures (规章 / 行政规范性文件: issued, repealed,
                                              in force) and the identity check, from the validity events
  search:reindex                              rebuild the search index from the catalogue; search keeps
                                              answering meanwhile (engine from SEARCH_ENGINE)
`;

/**
 * Applies pending migrations as the schema's owner, then gives the application's role (the user of
 * DATABASE_URL, when it differs from the owner) its rights: see database/database-roles.ts.
 */
export async function migrate(urls: { owner: string; application: string | null }, io: CliIo): Promise<void> {
  const ds = new DataSource(dataSourceOptions(urls.owner));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    io.out(
      applied.length
        ? `Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`
        : 'The database is up to date.',
    );
    if (urls.application && new URL(urls.application).username !== new URL(urls.owner).username) {
      const role = await grantApplicationRole(ds, urls.application);
      io.out(`${role.created ? 'Created' : 'Granted'} the application role ${role.name}: rows only, no DDL.`);
    }
  } finally {
    await ds.destroy();
  }
}

/** Where a password comes from: --password (explicit, visible to other users of the machine), generated, or typed. */
async function passwordFrom(
  opts: { password?: string; 'generate-password'?: boolean },
  io: CliIo,
): Promise<{ password: string; generated: boolean }> {
  if (opts.password !== undefined && opts['generate-password'])
    throw new UsageError('give either --password or --generate-password, not both');
  if (opts.password !== undefined) {
    io.err(
      'warning: a password on the command line can be read by other users of this machine and stays in shell history.',
    );
    return { password: opts.password, generated: false };
  }
  if (opts['generate-password']) return { password: randomBytes(15).toString('base64url'), generated: true };
  if (!io.readPassword) throw new UsageError('no password: type it at the prompt, or pipe it on standard input');
  const password = await io.readPassword('Password: ');
  if (!password) throw new UsageError('no password was given on standard input');
  return { password, generated: false };
}

const usageOf = (e: unknown): never => {
  if (e instanceof DomainError)
    throw new UsageError(e.errors.map((p) => `--${p.field} ${p.reason}`).join('; ') || e.message);
  throw e;
};

export async function createUser(
  app: INestApplicationContext,
  opts: { username?: string; role?: string; password?: string; 'generate-password'?: boolean },
  io: CliIo,
): Promise<void> {
  if (!opts.username || !opts.role) throw new UsageError('users:create needs --username and --role');
  const { password, generated } = await passwordFrom(opts, io);
  try {
    const { created } = await app.get(AuthService).createUser(opts.username, opts.role, password);
    io.out(`${created ? 'Created' : 'Updated'} user ${opts.username} with role ${opts.role}.`);
    if (generated) io.out(`Password: ${password}`);
  } catch (e) {
    usageOf(e);
  }
}

/** users:disable, users:enable, users:set-role, users:reset-password, users:unlock. */
export async function manageUser(
  app: INestApplicationContext,
  command: string,
  opts: { username?: string; role?: string; password?: string; 'generate-password'?: boolean },
  io: CliIo,
): Promise<void> {
  if (!opts.username) throw new UsageError(`${command} needs --username`);
  if (command === 'users:set-role' && !opts.role) throw new UsageError('users:set-role needs --role');
  const users = app.get(UsersService);
  let id: string;
  try {
    id = await users.idOf(opts.username);
  } catch (e) {
    if (e instanceof DomainError) {
      io.err(`error: ${e.message}`);
      throw new CommandFailed();
    }
    throw e;
  }
  try {
    if (command === 'users:disable') {
      await users.update(id, { disabled: true });
      io.out(`Disabled ${opts.username}; every session of the account has ended.`);
    } else if (command === 'users:enable') {
      await users.update(id, { disabled: false });
      io.out(`Enabled ${opts.username}.`);
    } else if (command === 'users:set-role') {
      const user = await users.update(id, { role: opts.role as Role });
      io.out(`${opts.username} is now ${user.role}; every session of the account has ended.`);
    } else if (command === 'users:unlock') {
      await users.unlock(id);
      io.out(`Lifted the login lock of ${opts.username}.`);
    } else {
      const { password, generated } = await passwordFrom(opts, io);
      await users.resetPassword(id, password);
      io.out(`Set the password of ${opts.username}; every session of the account has ended.`);
      if (generated) io.out(`Password: ${password}`);
    }
  } catch (e) {
    if (e instanceof DomainError && e.kind === 'conflict') {
      io.err(`error: ${e.message}`);
      throw new CommandFailed();
    }
    usageOf(e);
  }
}

/** A command that could not be done (not a usage error): the message is printed, exit 1. */
export class CommandFailed extends Error {}

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

const DRY_RUN_PAGE = 1_000;

/** `sync:province [--dry-run]`: a push in this process (no worker needed), or the list of what is due. */
export async function syncProvince(
  app: INestApplicationContext,
  opts: { dryRun?: boolean },
  io: CliIo,
): Promise<number> {
  const runs = app.get(ProvinceSyncRunsService);
  const repository = app.get(ProvinceSyncRepository);
  let requestedBy: string | null = null;
  try {
    requestedBy = userInfo().username;
  } catch {
    // no user name on this system
  }
  if (opts.dryRun) {
    let due = 0;
    let after: string | null = null;
    for (;;) {
      const page = await repository.dueDocuments(after, DRY_RUN_PAGE);
      for (const d of page) {
        const province = d.acceptedVersion === null ? 'new to the province' : `province has v${d.acceptedVersion}`;
        io.out(`${d.id}  v${d.version} (${province})  ${d.docNumber ?? '(无文号)'}  ${d.title}`);
      }
      due += page.length;
      if (page.length < DRY_RUN_PAGE) break;
      after = page[page.length - 1].id;
    }
    const run = await runs.recordDryRun('cli', requestedBy, due);
    io.err(`Dry run ${run.id}: ${due} document(s) would be sent; nothing was sent.`);
    return 0;
  }
  let run;
  try {
    run = await runs.createRun('cli', requestedBy);
  } catch (e) {
    if (e instanceof DomainError) {
      io.err(`error: ${e.message}`);
      return 1;
    }
    throw e;
  }
  if (run.state === 'queued' && (await repository.claimRun(run.id))) {
    const progress = new ProgressLine();
    io.err(`Run ${run.id}: ${await repository.countDue()} document(s) due.`);
    await app
      .get(ProvinceSyncRunner)
      .execute(run.id, (p) =>
        progress.update(
          `pushing: batch ${p.batches}, ${p.sent} sent, ${p.accepted} accepted, ${p.rejected} rejected, ${p.failed} failed`,
        ),
      );
    progress.finish();
  }
  const ended = await runs.getRun(run.id);
  const c = ended.counts;
  io.out(
    `Run ${ended.id} ${ended.state}: ${c.sent} sent, ${c.accepted} accepted, ${c.rejected} rejected, ${c.failed} failed.`,
  );
  for (const e of ended.errors) io.err(`${e.code}: ${e.message}`);
  return ended.state === 'succeeded' ? 0 : ended.state === 'partially_failed' ? 2 : 1;
}

export async function validitySweep(app: INestApplicationContext, date: string | undefined, io: CliIo): Promise<void> {
  if (date !== undefined && !isCalendarDate(date)) throw new UsageError('--date must be a calendar date YYYY-MM-DD');
  const r = await app.get(ValiditySweepService).sweep(date);
  io.out(
    `Validity sweep for ${r.today}: ${r.changed} documents changed, ${r.events} events recorded, ` +
      `${r.failed} scheduled actions could no longer apply (${r.elapsedMs} ms).`,
  );
}

/** Exit code 0 when the identity holds, 2 when the data breaks it (the figures are printed either way). */
export async function annualReport(
  app: INestApplicationContext,
  year: string | undefined,
  opts: { issuer?: string; format?: string },
  io: CliIo,
): Promise<number> {
  const y = Number(year);
  if (!year || !Number.isInteger(y) || y < 1900 || y > 2999)
    throw new UsageError('report:annual needs a year, e.g. 2024');
  if (opts.format !== undefined && opts.format !== 'json' && opts.format !== 'csv')
    throw new UsageError('--format must be json or csv');
  const report = await app.get(AnnualReportService).report(y, opts.issuer ?? null);
  if (opts.format === 'csv')
    io.out(
      annualReportCsv(report)
        .replace(/^\uFEFF/, '')
        .trimEnd(),
    );
  else if (opts.format === 'json') io.out(JSON.stringify(report, null, 2));
  else {
    io.out(`Annual figures ${y}${report.issuer ? ` — ${report.issuer}` : ''} (from the validity events)`);
    io.out('                     本年制发 issued   本年废止 repealed   现行有效 inForce   (上年 previous)');
    for (const [c, name] of [
      ['regulation', '规章          '],
      ['normative', '行政规范性文件'],
    ] as const) {
      const f = report[c];
      io.out(
        `  ${name}     ${String(f.issued).padStart(8)}   ${String(f.repealed).padStart(10)}   ${String(f.inForce).padStart(10)}   ${String(f.inForcePreviousYear).padStart(8)}`,
      );
    }
    io.out(
      report.identity.holds
        ? 'Identity inForce(Y-1) + issued(Y) − repealed(Y) = inForce(Y) holds.'
        : `Identity inForce(Y-1) + issued(Y) − repealed(Y) = inForce(Y) is broken by ${report.identity.breaks.length} documents:`,
    );
    for (const b of report.identity.breaks) {
      io.out(`  ${b.docNumber ?? '(no 发文字号)'} ${b.title} [${b.code}]: ${b.reason}`);
    }
  }
  return report.identity.holds ? 0 : 2;
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
