// npm run bench:validity [-- --documents 100000 --events 300000]
// Builds a library of 100,000 documents with 300,000 validity events by direct SQL (fast, deterministic),
// then times the real service code paths — the daily sweep (one day, then nine missed days, then a no-op
// rerun), the first page of GET /documents?inForceOn=, and the annual report — each against a plain
// `SELECT count(*)` over the same table in the same run.
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
const { DocumentsService } = await import(dist('documents/documents.service.js'));
const { ValiditySweepService } = await import(dist('validity/validity-sweep.service.js'));
const { AnnualReportService } = await import(dist('reports/annual-report.service.js'));

const { values } = parseArgs({
  options: {
    documents: { type: 'string', default: '100000' },
    events: { type: 'string', default: '300000' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(values.documents);
const EVENTS = Number(values.events);
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (line) => process.stdout.write(`${line}\n`);
const ms = (x) => `${x.toFixed(1)} ms`;

/** The data is as of DATA_DAY; the sweep then runs for DAY1 (one day) and TODAY (nine more days). */
const DATA_DAY = '2025-06-20';
const DAY1 = '2025-06-21';
const TODAY = '2025-06-30';

async function time(fn) {
  const t = performance.now();
  const result = await fn();
  return { ms: performance.now() - t, result };
}
async function repeat(n, fn) {
  const times = [];
  for (let i = 0; i < n; i++) times.push((await time(fn)).ms);
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  return { p50: at(0.5), p95: at(0.95), max: times[times.length - 1], n };
}

const dbName = `policy_library_bench_validity_${process.pid}`;
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
  // 1. The data, by SQL. Deterministic: every "random" choice is a hash of the row number.
  const gen = await time(async () => {
    await ds.query(
      `INSERT INTO issuer (name, code) SELECT '攀枝花市机关' || i, 'PZH' || i FROM generate_series(1, 40) i`,
    );
    await ds.query(
      `INSERT INTO document (title, doc_number, category, issuer_id, published_on, effective_from, valid_until, status, checksum, source)
       SELECT '关于印发第' || g || '号管理办法的通知', '攀府规〔' || extract(year FROM pub)::int || '〕' || g || '号',
              cat, (SELECT id FROM issuer ORDER BY name OFFSET (g % 40) LIMIT 1), pub, eff,
              CASE WHEN cat = 'normative' THEN (eff + make_interval(years => CASE WHEN g % 10 = 0 THEN 2 ELSE 5 END))::date - 1 END,
              'unmarked', md5(g::text), 'api'
       FROM generate_series(1, $1::int) g,
            LATERAL (SELECT CASE WHEN g % 20 = 0 THEN 'regulation' WHEN g % 20 < 12 THEN 'normative' ELSE 'policy' END AS cat,
                            date '2005-01-01' + (abs(hashtext('p' || g)) % (date '2025-07-31' - date '2005-01-01')) AS pub) a,
            LATERAL (SELECT a.pub + abs(hashtext('e' || g)) % 31 AS eff) b`,
      [N],
    );
    // Every document: published (pending) …
    await ds.query(
      `INSERT INTO validity_event (document_id, action, from_status, to_status, effective_on, reason, actor_name)
       SELECT id, 'register', NULL, 'pending', published_on, '已发布，尚未施行', 'bench' FROM document`,
    );
    // … in force on effectiveFrom, when that is by the data day …
    await ds.query(
      `INSERT INTO validity_event (document_id, action, from_status, to_status, effective_on, reason, actor_name)
       SELECT id, 'take_effect', 'pending', 'in_force', effective_from, '自施行日期起生效', 'system'
       FROM document WHERE effective_from <= $1::date`,
      [DATA_DAY],
    );
    // … then expired the day after validUntil, or repealed, or partly invalidated, on a date by the data day.
    await ds.query(
      `INSERT INTO validity_event (document_id, action, from_status, to_status, effective_on, reason, reason_code, basis_doc_number, provisions, actor_name)
       SELECT id, x.action, 'in_force', x.to_status, x.eff_on, x.reason, x.code, x.basis, x.provisions, 'bench'
       FROM document d,
            LATERAL (SELECT d.effective_from + abs(hashtext('r' || d.title)) % greatest(1, $1::date - d.effective_from) AS some_day) s,
            LATERAL (SELECT * FROM (VALUES
              ('expire', 'expired', d.valid_until + 1, '有效期届满', 'validity_period_ended', NULL::text, NULL::text[], 0),
              ('repeal', 'repealed', s.some_day, '被新文件废止', NULL, '攀府规〔2025〕1号', NULL, 1),
              ('partially_invalidate', 'partially_in_force', s.some_day, '部分条款失效', NULL, NULL, ARRAY['第五条'], 2)
            ) v(action, to_status, eff_on, reason, code, basis, provisions, k)
            WHERE v.k = CASE WHEN d.valid_until + 1 <= $1::date THEN 0 WHEN abs(hashtext('k' || d.title)) % 3 = 0 THEN 1
                             WHEN abs(hashtext('k' || d.title)) % 3 = 1 THEN 2 ELSE -1 END) x
       WHERE d.effective_from < $1::date`,
      [DATA_DAY],
    );
    // Top up to the event count with further partial invalidations of partly invalid documents.
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM validity_event`);
    if (n < EVENTS) {
      await ds.query(
        `INSERT INTO validity_event (document_id, action, from_status, to_status, effective_on, reason, provisions, actor_name)
         SELECT e.document_id, 'partially_invalidate', 'partially_in_force', 'partially_in_force',
                e.effective_on + (abs(hashtext('t' || e.id || g)) % greatest(1, $1::date - e.effective_on)), '又有条款失效', ARRAY['第七条'], 'bench'
         FROM validity_event e, generate_series(1, 3) g
         WHERE e.to_status = 'partially_in_force'
         LIMIT $2`,
        [DATA_DAY, EVENTS - n],
      );
    }
    // The status cache as of the data day.
    await ds.query(
      `UPDATE document d SET status = l.to_status FROM (
         SELECT DISTINCT ON (document_id) document_id, to_status FROM validity_event
         WHERE effective_on <= $1::date ORDER BY document_id, effective_on DESC, id DESC) l
       WHERE l.document_id = d.id`,
      [DATA_DAY],
    );
    // 200 scheduled repeals over the coming ten days.
    await ds.query(
      `INSERT INTO scheduled_validity_action (document_id, action, effective_on, reason, basis_doc_number, actor_name)
       SELECT id, 'repeal', $1::date + 1 + (abs(hashtext('s' || title)) % 10), '定期废止', '攀府规〔2025〕9号', 'bench'
       FROM document WHERE status = 'in_force' AND (valid_until IS NULL OR valid_until > $2::date) ORDER BY id LIMIT 200`,
      [DATA_DAY, TODAY],
    );
    // Steady state, as autovacuum would leave it (visibility map set, statistics fresh).
    await ds.query(`VACUUM ANALYZE`);
  });
  const [counts] = await ds.query(
    `SELECT (SELECT count(*)::int FROM document) AS documents, (SELECT count(*)::int FROM validity_event) AS events,
            (SELECT count(*)::int FROM scheduled_validity_action) AS scheduled`,
  );
  const statusRows = await ds.query(`SELECT status, count(*)::int AS n FROM document GROUP BY status ORDER BY status`);
  log(
    `Data: ${counts.documents} documents, ${counts.events} events, ${counts.scheduled} scheduled actions, built in ${(gen.ms / 1000).toFixed(1)} s`,
  );
  log(`Statuses on ${DATA_DAY}: ${statusRows.map((r) => `${r.status} ${r.n}`).join(', ')}`);

  const config = loadConfig({
    DATABASE_URL: dbUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    LOG_LEVEL: 'warn',
  });
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  const documents = app.get(DocumentsService);
  const sweeper = app.get(ValiditySweepService);
  const reports = app.get(AnnualReportService);

  // Baselines: a plain count over each table, in this run.
  for (let i = 0; i < 3; i++) await ds.query(`SELECT count(*) FROM document`);
  const countDocs = await repeat(20, () => ds.query(`SELECT count(*) FROM document`));
  const countEvents = await repeat(20, () => ds.query(`SELECT count(*) FROM validity_event`));
  log(`Baseline SELECT count(*) FROM document: p50 ${ms(countDocs.p50)}, p95 ${ms(countDocs.p95)}`);
  log(`Baseline SELECT count(*) FROM validity_event: p50 ${ms(countEvents.p50)}, p95 ${ms(countEvents.p95)}`);

  // 2. The sweep: one day, then nine missed days at once, then the same day again (nothing due).
  const day1 = await time(() => sweeper.sweep(DAY1));
  const catchUp = await time(() => sweeper.sweep(TODAY));
  const rerun = await time(() => sweeper.sweep(TODAY));
  const sweepLine = (label, r) =>
    `${label}: ${ms(r.ms)} — ${r.result.changed} documents changed, ${r.result.events} events, ${r.result.failed} failed (${(r.ms / countEvents.p50).toFixed(1)}× count(*) of events)`;
  log(sweepLine(`Sweep ${DAY1} (one day)`, day1));
  log(sweepLine(`Sweep ${TODAY} (nine missed days)`, catchUp));
  log(sweepLine(`Sweep ${TODAY} again (nothing due)`, rerun));

  // 3. GET /documents?inForceOn=… first page (20 items with the total), through the service.
  const dates = ['2012-06-30', '2019-06-30', '2024-12-31'];
  for (const d of dates) await documents.list({ inForceOn: d }, 1, 20);
  let inForceTotal = 0;
  const inForce = await repeat(60, async () => {
    const r = await documents.list({ inForceOn: dates[Math.floor(Math.random() * dates.length)] }, 1, 20);
    inForceTotal = r.total;
  });
  log(
    `inForceOn first page: p50 ${ms(inForce.p50)}, p95 ${ms(inForce.p95)}, max ${ms(inForce.max)} over ${inForce.n} runs ` +
      `(total ≈ ${inForceTotal}; p95 ${(inForce.p95 / countDocs.p95).toFixed(1)}× count(*) of documents)`,
  );

  // 4. The annual report for 2024, all issuers.
  await reports.report(2024);
  const report = await repeat(10, () => reports.report(2024));
  const r2024 = await reports.report(2024);
  log(
    `Annual report 2024: p50 ${ms(report.p50)}, p95 ${ms(report.p95)} over ${report.n} runs ` +
      `(${(report.p50 / countEvents.p50).toFixed(1)}× count(*) of events) — regulation ${JSON.stringify(r2024.regulation)}, ` +
      `normative ${JSON.stringify(r2024.normative)}, identity breaks ${r2024.identity.breaks.length}`,
  );
  await app.close();

  log('');
  log(
    `| machine | ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, shared with other engineers' runs |`,
  );
  log(`| data | ${counts.documents} documents, ${counts.events} events, ${counts.scheduled} scheduled actions |`);
  log(`| baseline count(*) document / validity_event (p50) | ${ms(countDocs.p50)} / ${ms(countEvents.p50)} |`);
  log(`| sweep, one day (${day1.result.events} events) | ${ms(day1.ms)} |`);
  log(`| sweep, nine missed days (${catchUp.result.events} events) | ${ms(catchUp.ms)} |`);
  log(`| sweep, nothing due | ${ms(rerun.ms)} |`);
  log(
    `| inForceOn first page p95 | ${ms(inForce.p95)} (${(inForce.p95 / countDocs.p95).toFixed(1)}× count(*) document p95) |`,
  );
  log(
    `| annual report p50 / p95 | ${ms(report.p50)} / ${ms(report.p95)} (${(report.p50 / countEvents.p50).toFixed(1)}× count(*) validity_event) |`,
  );
} finally {
  await ds.destroy();
  if (values.keep) log(`Kept database ${dbName}`);
  else await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
  await admin.end();
}
