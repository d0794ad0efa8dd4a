// Where the push's CPU goes, by process: the library's Node process, PostgreSQL's backends, the receiver.
// Needs the benchmark's database kept:
//   BENCH_KEEP_DB=1 BENCH_DOCUMENTS=20000 BENCH_ROUNDS=1 node scripts/bench/bench-sync.mjs
//   node scripts/bench/sync-cpu.mjs
// Makes every document due again, pushes them once to a receiver on port 3205, and prints CPU milliseconds
// from /proc (Linux) for each process. Drop the database afterwards:
//   psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE policy_library_bench_sync WITH (FORCE)'
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { CliModule } from '../../dist/cli/cli.module.js';
import { loadConfig } from '../../dist/config/app-config.js';
import { ProvinceSyncRepository } from '../../dist/province-sync/province-sync.repository.js';
import { ProvinceSyncRunner } from '../../dist/province-sync/province-sync.runner.js';
import { ProvinceSyncRunsService } from '../../dist/province-sync/province-sync-runs.service.js';
const url = 'postgres://postgres@127.0.0.1:5432/policy_library_bench_sync';
const ticks = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
};
const child = spawn(
  process.execPath,
  [
    fileURLToPath(new URL('../../test/province-receiver/serve.mjs', import.meta.url)),
    '3205',
    'tok',
    'secret-secret-secret',
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
process.once('exit', () => child.kill()); // never leave the receiver behind
await new Promise((r) => child.stdout.once('data', r));
const config = loadConfig({
  DATABASE_URL: url,
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(40),
  PROVINCE_SYNC_URL: 'http://127.0.0.1:3205',
  PROVINCE_SYNC_TOKEN: 'tok',
  PROVINCE_SYNC_SECRET: 'secret-secret-secret',
  LOG_LEVEL: 'warn',
});
const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error'] });
const c = new pg.Client({ connectionString: url });
await c.connect();
await c.query('UPDATE province_sync_state SET accepted_version = NULL');
await c.query('VACUUM ANALYZE province_sync_state');
const runs = app.get(ProvinceSyncRunsService),
  repo = app.get(ProvinceSyncRepository),
  runner = app.get(ProvinceSyncRunner);
const run = await runs.createRun('cli', 'cpu');
await repo.claimRun(run.id);
const pgPids = async () =>
  (await c.query(`SELECT pid FROM pg_stat_activity WHERE datname = 'policy_library_bench_sync'`)).rows.map(
    (r) => r.pid,
  );
// warm the pool so backends exist
const pids0 = await pgPids();
const before = {
  node: process.cpuUsage(),
  recv: ticks(child.pid),
  pg: Object.fromEntries(pids0.map((p) => [p, ticks(p)])),
};
const t0 = performance.now();
await runner.execute(run.id);
const wall = performance.now() - t0;
const pids1 = await pgPids();
const pgMs = pids1.reduce((n, p) => n + ticks(p) - (before.pg[p] ?? 0), 0);
const nodeMs = (process.cpuUsage(before.node).user + process.cpuUsage(before.node).system) / 1000;
console.log({
  wall: Math.round(wall),
  nodeCpu: Math.round(nodeMs),
  receiverCpu: ticks(child.pid) - before.recv,
  pgCpu: pgMs,
});
child.kill();
await c.end();
await app.close();
