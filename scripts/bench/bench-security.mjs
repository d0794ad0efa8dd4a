// npm run bench:security [-- --seconds 15 --connections 8 --slow 100 --port 3130]
// The built application on the demo catalogue (about 400 documents) in a database of its own. Ordinary reads
// (the document list, a document, its history, a search) run for `seconds` with `connections` clients, first
// alone, then while 8 MB bodies of nested arrays arrive in loops (security-attackers.mjs nested), then while
// `slow` connections send a login body one byte a second (security-attackers.mjs slow), then with both. Each
// attacked run follows a run of the reads alone, and its p95 is reported as a ratio to that one's. Last, 40
// unauthenticated 8 MB bodies at once, with the server's peak memory before and after.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
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

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '8' },
    slow: { type: 'string', default: '100' },
    port: { type: 'string', default: '3130' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const port = Number(values.port);
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = (line) => process.stdout.write(`${line}\n`);
const base = `http://127.0.0.1:${port}`;

const dbName = `policy_library_bench_security_${process.pid}`;
const redisPrefix = `bench-security-${process.pid}`;
const admin = new pg.Client({ connectionString: pgUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = (() => {
  const u = new URL(pgUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const env = {
  PATH: process.env.PATH,
  DATABASE_URL: dbUrl,
  REDIS_URL: redisUrl,
  REDIS_PREFIX: redisPrefix,
  JWT_SECRET: 'bench-security-secret-that-is-long-enough',
  PORT: String(port),
  LOG_LEVEL: 'info',
  NODE_ENV: 'production',
};

/** p50, p95 and p99 of a run's latencies. */
function percentiles(latencies) {
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { p50: pct(50), p95: pct(95), p99: pct(99) };
}

async function reads(title, paths) {
  let n = 0;
  const instance = autocannon({
    url: base,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[n++ % paths.length] }) }],
  });
  const latencies = [];
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  return { title, requests: result.requests.total, errors: result.errors + result.non2xx, ...percentiles(latencies) };
}

function startAttackers(args) {
  const child = spawn('node', [join(root, 'scripts/bench/security-attackers.mjs'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let last = '{}';
  child.stdout.on('data', (d) => (last = d.toString().trim().split('\n').pop() ?? last));
  return {
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
      return JSON.parse(last);
    },
  };
}

async function waitForServer() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${base} did not come up`);
}

/** Peak and current resident memory of a process, in MB (Linux). */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
  return { peak: kb('VmHWM'), now: kb('VmRSS') };
}

function post(path, body, headers) {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.statusCode)));
      },
    );
    req.on('error', () => resolve('cut'));
    req.end(body);
  });
}

let server;
try {
  log(
    `Machine: ${cpus().length} cores (${cpus()[0].model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  const ds = new DataSource(dataSourceOptions(dbUrl));
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
  const cli = (...args) => {
    const r = spawnSync('node', [dist('cli.js'), ...args], { env: { ...env, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  };
  cli('demo:seed');
  cli('users:create', '--username', 'bench-editor', '--role', 'editor', '--password', 'bench-editor-password');
  cli('search:reindex');

  server = spawn('node', [dist('main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForServer();
  const token = (
    await (
      await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'bench-editor', password: 'bench-editor-password' }),
      })
    ).json()
  ).accessToken;
  const list = await (await fetch(`${base}/api/v1/documents?pageSize=50`)).json();
  const ids = list.items.map((d) => d.id);
  const paths = ids.flatMap((id, i) => [
    `/api/v1/documents/${id}`,
    `/api/v1/documents/${id}/history`,
    `/api/v1/documents?pageSize=20&page=${(i % 10) + 1}`,
    `/api/v1/search?q=${encodeURIComponent(['养老', '补贴', '管理办法', '通知', '住房'][i % 5])}`,
  ]);

  log(`\n${ids.length * 4} read paths; ${connections} connections; ${seconds} s a run`);
  await reads('warm-up', paths);
  // Each attack is measured right after the reads alone, and its p95 compared with that one: the machine is
  // shared, and its load drifts over minutes.
  const attacks = [
    ['the nested-body attack', () => [startAttackers(['nested', String(port), token])]],
    [`${values.slow} slow-body connections`, () => [startAttackers(['slow', String(port), values.slow])]],
    [
      'both attacks',
      () => [startAttackers(['nested', String(port), token]), startAttackers(['slow', String(port), values.slow])],
    ],
  ];
  const results = [];
  for (const [title, start] of attacks) {
    const alone = await reads('reads alone', paths);
    const attackers = start();
    await new Promise((r) => setTimeout(r, 2_000)); // every attacker under way
    const attacked = await reads(`reads with ${title}`, paths);
    const answers = Object.assign({}, ...(await Promise.all(attackers.map((a) => a.stop()))));
    results.push({ alone, attacked, answers });
  }

  log('\n| reads | requests | errors | p50 ms | p95 ms | p99 ms | p95 ratio to the reads alone just before |');
  log('|---|---|---|---|---|---|---|');
  const row = (r, ratio) =>
    log(
      `| ${r.title} | ${r.requests} | ${r.errors} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${ratio} |`,
    );
  for (const { alone, attacked } of results) {
    row(alone, '');
    row(attacked, `**${(attacked.p95 / alone.p95).toFixed(2)}**`);
  }
  for (const { attacked, answers } of results) log(`attack answers (${attacked.title}): ${JSON.stringify(answers)}`);

  // 40 unauthenticated 8 MB bodies at once, to the login and to the route with the largest limit.
  const before = memory(server.pid);
  const big = Buffer.alloc(8 * 1024 * 1024 - 1024, 'a');
  const flood = Buffer.concat([Buffer.from('{"title":"'), big, Buffer.from('"}')]);
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) => post(i % 2 ? '/api/v1/auth/login' : '/api/v1/documents', flood, {})),
  );
  await new Promise((r) => setTimeout(r, 1_000));
  const after = memory(server.pid);
  const tally = answers.reduce((m, a) => ({ ...m, [a]: (m[a] ?? 0) + 1 }), {});
  log(
    `\n40 unauthenticated 8 MB bodies at once: answers ${JSON.stringify(tally)}; ` +
      `server resident memory ${before.now.toFixed(0)} MB before, peak ${before.peak.toFixed(0)} MB before and ` +
      `${after.peak.toFixed(0)} MB after, resident ${after.now.toFixed(0)} MB after`,
  );
} finally {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${redisPrefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}
