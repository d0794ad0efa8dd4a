// npm run bench:web [-- --size 100000 --seconds 15 --connections 8 --feed-connections 2 --keep]
// npm run bench:web -- --database policy_library_bench_web_<pid>   (measures again on a kept database)
// The public pages against the JSON API answers they render, in the same run, on the same server:
// loads generated documents (the search benchmark's generator, sample-catalogue.js, with the same statuses)
// and one validity event each, builds the search index with the real `search:reindex`, starts the built
// server with the PostgreSQL engine and its answer cache off (every request searches), and drives it with
// autocannon: GET /api/v1/documents/{id} and GET /documents/{id} on the same 200 documents, GET /api/v1/search
// and GET /search with the same 200 queries, and the three Atom feeds. Prints latency percentiles, the ratios
// page/API, the HTML size of the search pages and the stylesheet's size, as Markdown for docs/benchmarks.md.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DataSource } from 'typeorm';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = (p) => join(root, 'dist', p);
const { dataSourceOptions } = await import(dist('database/data-source.js'));
const { generateDocuments, SAMPLE_ISSUERS } = await import(dist('demo/sample-catalogue.js'));
const { normaliseContent, contentChecksum } = await import(dist('documents/document-rules.js'));

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '8' },
    'feed-connections': { type: 'string', default: '2' },
    port: { type: 'string', default: '3102' },
    keep: { type: 'boolean', default: false },
    database: { type: 'string' },
  },
});
const size = Number(values.size);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
/** Feeds are read by feed readers now and then, not in bursts: measured at a light load. */
const feedConnections = Number(values['feed-connections']);
const port = Number(values.port);
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = (line) => process.stdout.write(`${line}\n`);
const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const TODAY = '2025-06-30';

const reuse = values.database !== undefined;
if (reuse && !/^policy_library_bench_web_\d+$/.test(values.database)) {
  throw new Error('--database takes the name of a database kept by an earlier run (policy_library_bench_web_<pid>)');
}
const dbName = values.database ?? `policy_library_bench_web_${process.pid}`;
const admin = new pg.Client({ connectionString: pgUrl });
await admin.connect();
if (!reuse) await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = (() => {
  const u = new URL(pgUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const ds = new DataSource(dataSourceOptions(dbUrl));
await ds.initialize();
await ds.runMigrations({ transaction: 'each' });
await ds.destroy();
const pool = new pg.Pool({ connectionString: dbUrl, max: 4 });
const redisPrefix = `bench-web-${process.pid}`;

async function cleanup() {
  await pool.end().catch(() => undefined);
  if (!values.keep && !reuse) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  const redis = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
  await admin.end();
}

// The catalogue, as the search benchmark builds it (statuses of a catalogue a few years after a clean-up).
const statusFor = (d, i) => {
  const start = d.effectiveFrom ?? d.publishedOn;
  if (start && start > TODAY) return 'pending';
  if (i % 11 === 0) return 'repealed';
  if (i % 13 === 0) return 'partially_in_force';
  if (d.validUntil && d.validUntil < TODAY) return 'expired';
  return 'in_force';
};

async function load() {
  const started = performance.now();
  const issuerIds = new Map();
  for (const issuer of SAMPLE_ISSUERS) {
    const { rows } = await pool.query(`INSERT INTO issuer (name, code) VALUES ($1, $2) RETURNING id`, [
      issuer.name,
      issuer.code,
    ]);
    issuerIds.set(issuer.name, rows[0].id);
  }
  const generator = generateDocuments(size, { seed: 100_000 });
  let loaded = 0;
  for (;;) {
    const batch = [];
    for (let n = 0; n < 1000; n++) {
      const next = generator.next();
      if (next.done) break;
      batch.push(normaliseContent(next.value));
    }
    if (!batch.length) break;
    const status = batch.map((c, j) => statusFor(c, loaded + j));
    await pool.query(
      `INSERT INTO document (title, doc_number, category, issuer_id, co_issuers, index_no, registration_no, topic, keywords,
         signed_on, published_on, effective_from, valid_until, summary, body, status, checksum, source)
       SELECT x.title, x.doc_number, x.category, x.issuer_id, ARRAY(SELECT jsonb_array_elements_text(x.co)), x.index_no,
         x.registration_no, x.topic, ARRAY(SELECT jsonb_array_elements_text(x.kw)), x.signed_on, x.published_on,
         x.effective_from, x.valid_until, x.summary, x.body, x.status, x.checksum, 'import'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::jsonb[], $6::text[], $7::text[], $8::text[],
         $9::jsonb[], $10::date[], $11::date[], $12::date[], $13::date[], $14::text[], $15::text[], $16::text[], $17::text[])
         AS x(title, doc_number, category, issuer_id, co, index_no, registration_no, topic, kw, signed_on, published_on,
              effective_from, valid_until, summary, body, status, checksum)
       ON CONFLICT DO NOTHING`,
      [
        batch.map((c) => c.title),
        batch.map((c) => c.docNumber),
        batch.map((c) => c.category),
        batch.map((c) => issuerIds.get(c.issuer)),
        batch.map((c) => JSON.stringify(c.coIssuers)),
        batch.map((c) => c.indexNo),
        batch.map((c) => c.registrationNo),
        batch.map((c) => c.topic),
        batch.map((c) => JSON.stringify(c.keywords)),
        batch.map((c) => c.signedOn),
        batch.map((c) => c.publishedOn),
        batch.map((c) => c.effectiveFrom),
        batch.map((c) => c.validUntil),
        batch.map((c) => c.summary),
        batch.map((c) => c.body),
        status,
        batch.map((c) => contentChecksum(c)),
      ],
    );
    loaded += batch.length;
    if (loaded % 20_000 === 0) log(`  loaded ${loaded} documents`);
  }
  // One event a document (its status since it took effect), and a repeal's basis on every repealed one, so
  // that document pages show a timeline, a badge with its basis and the feeds have changes to list.
  await pool.query(
    `INSERT INTO validity_event (document_id, action, from_status, to_status, effective_on, actor_name)
     SELECT id, 'register', NULL, 'in_force', coalesce(effective_from, published_on, DATE '2000-01-01'), 'import'
     FROM document WHERE status <> 'pending' AND status <> 'unmarked'`,
  );
  await pool.query(
    `INSERT INTO validity_event (document_id, action, from_status, to_status, effective_on, reason, basis_doc_number, actor_name)
     SELECT id, CASE status WHEN 'repealed' THEN 'repeal' WHEN 'expired' THEN 'expire' ELSE 'partially_invalidate' END,
            'in_force', status, greatest(coalesce(valid_until, DATE '2024-12-31') + 1, coalesce(effective_from, published_on, DATE '2000-01-01') + 1),
            CASE status WHEN 'expired' THEN '有效期届满' ELSE '清理' END,
            CASE status WHEN 'repealed' THEN '攀府规〔2025〕3号' END, 'legal'
     FROM document WHERE status IN ('repealed', 'expired', 'partially_in_force')`,
  );
  await pool.query(
    `INSERT INTO validity_event (document_id, action, from_status, to_status, effective_on, actor_name)
     SELECT id, 'register', NULL, 'pending', coalesce(published_on, DATE '2025-06-30'), 'import' FROM document WHERE status = 'pending'`,
  );
  await pool.query('VACUUM ANALYZE');
  log(
    `Catalogue: ${loaded} documents with their events, loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

const env = {
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_URL: dbUrl,
  REDIS_URL: redisUrl,
  REDIS_PREFIX: redisPrefix,
  SEARCH_ENGINE: 'postgres',
  // Every request searches: the pages are measured against the engine's work, not a cached answer.
  SEARCH_CACHE_ENTRIES: '0',
  JWT_SECRET: 'bench-web-secret-bench-web-secret-bench',
  PORT: String(port),
  LOG_LEVEL: 'warn',
};

function reindex() {
  const res = spawnSync('node', [dist('cli.js'), 'search:reindex'], { env, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`search:reindex failed: ${res.stderr}`);
  log(res.stdout.trim().split('\n').at(-1));
}

/** 200 searches as the public types them (the search benchmark's mix without 发文字号, which the page opens directly). */
async function searchQueries() {
  const words = [
    '养老',
    '补贴',
    '营商环境',
    '安全生产',
    '在建工程',
    '工程',
    '殡葬管理',
    '河湖长制',
    '就业创业',
    '义务教育',
    '公积金',
    '垃圾分类',
    '耕地保护',
    '知识产权',
    '消防',
    '康养',
    '钒钛',
    '物业管理',
    '防汛',
    '乡村振兴',
  ];
  const { rows: issuers } = await pool.query(`SELECT name FROM issuer ORDER BY name`);
  const out = [];
  for (let i = 0; out.length < 200; i++) {
    const w = words[i % words.length];
    const issuer = issuers[i % issuers.length].name;
    const q = [
      { q: w },
      { q: w },
      { q: `${w} ${words[(i + 3) % words.length]}` },
      { q: w, category: ['normative', 'policy', 'regulation'][i % 3] },
      { q: w, status: 'in_force', sort: '-publishedOn' },
      { q: w, year: String(2012 + (i % 13)) },
      { q: issuer, page: '2' },
      { issuer, from: '2020-01-01', sort: '-publishedOn' },
    ][i % 8];
    out.push(new URLSearchParams(q).toString());
  }
  return out;
}

async function run(title, paths, clients = connections) {
  let n = 0;
  const latencies = [];
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: clients,
    duration: seconds,
    timeout: 10,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[n++ % paths.length] }) }],
  });
  instance.on('response', (_c, _s, _b, t) => latencies.push(t));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  const row = {
    title,
    rps: result.requests.total / seconds,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    errors: result.errors + result.non2xx,
  };
  log(`  ${title}: ${row.rps.toFixed(0)} req/s, p50 ${ms(row.p50)} ms, p95 ${ms(row.p95)} ms, errors ${row.errors}`);
  return row;
}

async function waitForServer(url) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up`);
}

try {
  log(
    `Machine: ${cpus().length} cores (${cpus()[0].model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  if (!reuse) {
    await load();
    reindex();
  }
  const { rows: docs } = await pool.query(`SELECT id FROM document ORDER BY md5(id::text) LIMIT 200`);
  const queries = await searchQueries();
  const server = spawn('node', [dist('main.js')], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(`${base}/api/v1/health`);
    // Warm up: the resident index reads its snapshot and every word of the mix once.
    for (const q of queries) await fetch(`${base}/api/v1/search?${q}`);
    for (const d of docs.slice(0, 50)) await fetch(`${base}/documents/${d.id}`);
    // Sizes: every search page of the mix, and the stylesheet.
    const htmlSizes = [];
    for (const q of queries) {
      const res = await fetch(`${base}/search?${q}`);
      if (!res.ok) throw new Error(`/search?${q} answered ${res.status}`);
      htmlSizes.push(Buffer.byteLength(await res.text()));
    }
    htmlSizes.sort((a, b) => a - b);
    const home = await (await fetch(`${base}/`)).text();
    const cssPath = /href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec(home)[1];
    const cssBytes = Buffer.byteLength(await (await fetch(`${base}${cssPath}`)).text());
    const scripts = /<script/i.test(home) ? 'yes' : 'none';

    log(`\n== ${size} documents, ${connections} connections (feeds ${feedConnections}), ${seconds} s each`);
    const rows = [];
    rows.push(
      await run(
        'GET /api/v1/documents/{id}',
        docs.map((d) => `/api/v1/documents/${d.id}`),
      ),
    );
    rows.push(
      await run(
        'GET /documents/{id} (page)',
        docs.map((d) => `/documents/${d.id}`),
      ),
    );
    rows.push(
      await run(
        'GET /api/v1/search',
        queries.map((q) => `/api/v1/search?${q}`),
      ),
    );
    rows.push(
      await run(
        'GET /search (page)',
        queries.map((q) => `/search?${q}`),
      ),
    );
    log(`  (feeds: ${feedConnections} connections)`);
    rows.push(
      await run(
        'GET /feeds/documents.atom',
        ['/feeds/documents.atom', '/feeds/documents.atom?page=2'],
        feedConnections,
      ),
    );
    rows.push(await run('GET /feeds/validity.atom', ['/feeds/validity.atom'], feedConnections));
    rows.push(
      await run(
        'GET /search.atom',
        queries.slice(0, 40).map((q) => `/search.atom?${q.replace(/(^|&)sort=[^&]*/, '')}`),
        feedConnections,
      ),
    );
    const [apiDoc, pageDoc, apiSearch, pageSearch] = rows;
    log('\n| request | req/s | p50 ms | p95 ms | p99 ms | errors |');
    log('|---|---:|---:|---:|---:|---:|');
    for (const r of rows)
      log(`| ${r.title} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.errors} |`);
    log(`\n| ratio (p95, page / API) | value | target |`);
    log('|---|---:|---:|');
    log(`| document page / document API | ${(pageDoc.p95 / apiDoc.p95).toFixed(2)} | ≤ 1.5 |`);
    log(`| search page / search API | ${(pageSearch.p95 / apiSearch.p95).toFixed(2)} | ≤ 1.5 |`);
    log(`\n| size | value | target |`);
    log('|---|---:|---:|');
    log(`| search page HTML, largest of the mix | ${(htmlSizes.at(-1) / 1024).toFixed(1)} KB | ≤ 60 KB |`);
    log(`| search page HTML, median | ${(htmlSizes[htmlSizes.length >> 1] / 1024).toFixed(1)} KB | |`);
    log(`| stylesheet | ${(cssBytes / 1024).toFixed(1)} KB | ≤ 30 KB |`);
    log(`| scripts on the pages | ${scripts} | none required |`);
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
} finally {
  await cleanup();
}
