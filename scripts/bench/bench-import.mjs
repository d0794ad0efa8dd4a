// npm run bench:import [-- --count 100000]
// Imports generated documents from JSONL through the real import service and compares the time with
// PostgreSQL's own COPY of the same rows (same table shape and indexes) in the same run.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { DataSource } from 'typeorm';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = (p) => join(root, 'dist', p);
const { CliModule } = await import(dist('cli/cli.module.js'));
const { loadConfig } = await import(dist('config/app-config.js'));
const { dataSourceOptions } = await import(dist('database/data-source.js'));
const { generateDocuments } = await import(dist('demo/sample-catalogue.js'));
const { DocumentImportService } = await import(dist('documents/import/document-import.service.js'));
const { normaliseContent, contentChecksum } = await import(dist('documents/document-rules.js'));

const { values } = parseArgs({
  options: { count: { type: 'string', default: '100000' }, batch: { type: 'string', default: '500' } },
});
const batchSize = Number(values.batch);
const count = Number(values.count);
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dataDir = join(root, 'bench-data');
mkdirSync(dataDir, { recursive: true });

const seconds = (ms) => (ms / 1000).toFixed(2);
const log = (line) => process.stdout.write(`${line}\n`);

// 1. The input: JSONL of realistic documents (kept between runs; regenerated when the count changes).
const jsonl = join(dataDir, `import-${count}.jsonl`);
if (!existsSync(jsonl)) {
  log(`Generating ${count} documents into ${jsonl} …`);
  const out = createWriteStream(jsonl);
  for (const doc of generateDocuments(count, { seed: 7 })) {
    if (!out.write(JSON.stringify(doc) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
const bytes = statSync(jsonl).size;
log(`Input: ${count} documents, ${(bytes / 1048576).toFixed(0)} MB of JSONL`);

// 2. A fresh database, migrated.
const dbName = `policy_library_bench_import_${process.pid}`;
const admin = new pg.Client({ connectionString: pgUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = (() => {
  const u = new URL(pgUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const ds = new DataSource(dataSourceOptions(dbUrl));
await ds.initialize();
await ds.runMigrations();

try {
  // 3. Baseline: COPY of the same rows into a table shaped like `document` with the same indexes.
  //    The CSV is prepared beforehand; only the COPY itself is timed.
  const csv = join(dataDir, `import-${count}.csv`);
  const [{ id: issuerId }] = await ds.query(`INSERT INTO issuer (name) VALUES ('基准') RETURNING id`);
  {
    const { createReadStream } = await import('node:fs');
    const { createInterface } = await import('node:readline');
    const out = createWriteStream(csv);
    const q = (v) => (v === null || v === undefined ? '' : `"${String(v).replace(/"/g, '""')}"`);
    const arr = (a) => q(`{${a.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
    for await (const line of createInterface({ input: createReadStream(jsonl) })) {
      const c = normaliseContent(JSON.parse(line));
      const row = [
        c.title,
        c.docNumber,
        c.category,
        issuerId,
        arr(c.coIssuers),
        c.indexNo,
        c.registrationNo,
        c.topic,
        arr(c.keywords),
        c.signedOn,
        c.publishedOn,
        c.effectiveFrom,
        c.validUntil,
        c.summary,
        c.body,
        'unmarked',
        contentChecksum(c),
        'import',
      ].map((v, i) => (i === 4 || i === 8 ? v : q(v)));
      if (!out.write(row.join(',') + '\n')) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  }
  await ds.query(
    `CREATE TABLE copy_target (LIKE document INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES INCLUDING COMPRESSION)`,
  );
  const copyStarted = performance.now();
  const copy = spawnSync(
    'psql',
    [
      dbUrl,
      '-qc',
      `\\copy copy_target (title, doc_number, category, issuer_id, co_issuers, index_no, registration_no, topic, keywords, signed_on, published_on, effective_from, valid_until, summary, body, status, checksum, source) FROM '${csv}' CSV`,
    ],
    { stdio: 'inherit' },
  );
  const copyMs = performance.now() - copyStarted;
  if (copy.status !== 0) throw new Error('COPY failed');
  const [{ copied }] = await ds.query(`SELECT count(*)::int AS copied FROM copy_target`);
  log(`COPY baseline: ${copied} rows in ${seconds(copyMs)} s (${Math.round(copied / (copyMs / 1000))} rows/s)`);

  // 4. The real import, through the same service the CLI uses.
  const config = loadConfig({
    DATABASE_URL: dbUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    LOG_LEVEL: 'warn',
  });
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  const importer = app.get(DocumentImportService);
  const first = await importer.importFile(jsonl, { batchSize });
  if (first.created !== count)
    throw new Error(
      `expected ${count} new documents, got ${JSON.stringify({ ...first, errors: first.errors.slice(0, 5) })}`,
    );
  const rate = Math.round(first.created / (first.elapsedMs / 1000));
  log(
    `Import (new): ${first.created} created, ${first.failed} bad in ${seconds(first.elapsedMs)} s (${rate} documents/s)`,
  );
  const second = await importer.importFile(jsonl, { batchSize });
  if (second.unchanged !== count)
    throw new Error(`expected ${count} unchanged documents on the second import, got ${second.unchanged}`);
  log(
    `Import again (unchanged): ${second.unchanged} unchanged in ${seconds(second.elapsedMs)} s (${Math.round(second.unchanged / (second.elapsedMs / 1000))} documents/s)`,
  );
  await app.close();

  const ratio = first.elapsedMs / copyMs;
  log('');
  log(`| machine | ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version} |`);
  log(`| documents | ${count} (${(bytes / 1048576).toFixed(0)} MB JSONL) |`);
  log(`| COPY baseline | ${seconds(copyMs)} s |`);
  log(`| import | ${seconds(first.elapsedMs)} s, ${rate} documents/s |`);
  log(`| import / COPY | ${ratio.toFixed(2)}× |`);
  log(`| re-import (no changes) | ${seconds(second.elapsedMs)} s |`);
  if (first.failed) process.exitCode = 1;
} finally {
  await ds.destroy();
  await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
  await admin.end();
}
