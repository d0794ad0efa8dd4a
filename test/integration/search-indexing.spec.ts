import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { QUEUES } from '../../src/queues/queue-names.js';
import { PostgresSearchEngine } from '../../src/search/engines/postgres-search.engine.js';
import { SearchIndexProcessor } from '../../src/search/indexing/search-index.processor.js';
import {
  SEARCH_ENGINE,
  type SearchEngine,
  SearchEngineError,
  type SearchableDocument,
} from '../../src/search/search-engine.js';
import { eventually } from '../helpers/eventually.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { createTestDatabase } from '../helpers/test-database.js';

/** The port of the Redis this file starts and stops itself (the shared one is never touched). */
const OWN_REDIS_PORT = Number(process.env.SEARCH_TEST_REDIS_PORT ?? 6392);

const doc = (title: string) => ({
  title,
  category: 'policy',
  issuer: '攀枝花市人民政府',
  publishedOn: '2025-01-02',
  body: `${title}的正文。`,
});

async function register(t: TestApp, token: string, title: string): Promise<string> {
  const res = await t.http
    .post('/api/v1/documents')
    .set('Authorization', `Bearer ${token}`)
    .send(doc(title))
    .expect(201);
  return res.body.id;
}

const found = async (t: TestApp, q: string) =>
  ((await t.http.get('/api/v1/search').query({ q }).expect(200)).body.hits as { id: string }[]).map((h) => h.id);

const outbox = (t: TestApp, id: string) =>
  t.app.get(DataSource).query(`SELECT processed_at FROM document_change WHERE document_id = $1`, [id]) as Promise<
    { processed_at: Date | null }[]
  >;

describe('search indexing when the worker restarts', () => {
  it('indexes a change made while the worker was stopped once a worker runs again', async () => {
    const db = await createTestDatabase();
    try {
      const first = await createTestApp({ db });
      const token = await first.tokenFor('editor');
      // The worker stops; the drainer still hands the change to the queue, where it waits.
      await first.app.get(SearchIndexProcessor).worker.close();
      const id = await register(first, token, '攀枝花市河长制工作规定');
      await eventually(async () => expect((await outbox(first, id))[0].processed_at).not.toBeNull());
      const queue = first.app.get<Queue>(getQueueToken(QUEUES.searchIndex));
      expect(await queue.getWaitingCount()).toBe(1);
      expect(await found(first, '河长制')).toEqual([]);
      await first.close();

      const second = await createTestApp({ db });
      try {
        await eventually(async () => expect(await found(second, '河长制')).toEqual([id]));
      } finally {
        await second.close();
      }
    } finally {
      await db.drop();
    }
  });
});

describe('search indexing when Redis restarts', () => {
  let redis: ChildProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'search-redis-'));

  const startRedis = async () => {
    // No persistence: a restart loses every job, the worst case the outbox has to cover.
    redis = spawn(
      'redis-server',
      ['--port', String(OWN_REDIS_PORT), '--save', '', '--appendonly', 'no', '--dir', dir],
      {
        stdio: 'ignore',
      },
    );
    await eventually(async () => {
      const probe = new Redis({
        port: OWN_REDIS_PORT,
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        expect(await probe.ping()).toBe('PONG');
      } finally {
        probe.disconnect();
      }
    });
  };
  const stopRedis = async () => {
    const r = redis!;
    const exited = new Promise((resolve) => r.once('exit', resolve));
    r.kill('SIGKILL');
    await exited;
    redis = undefined;
  };

  beforeAll(startRedis);
  afterAll(async () => {
    if (redis) await stopRedis();
  });

  it('keeps a change made while Redis is down in the outbox and indexes it when Redis is back', async () => {
    const t = await createTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${OWN_REDIS_PORT}` } });
    try {
      const token = await t.tokenFor('editor');
      const before = await register(t, token, '攀枝花市森林防火条例实施办法');
      await eventually(async () => expect(await found(t, '森林防火')).toEqual([before]));

      await stopRedis();
      const during = await register(t, token, '攀枝花市城市供水管理办法');
      // The drainer cannot enqueue: the change stays unprocessed in the outbox, nothing is lost.
      await new Promise((r) => setTimeout(r, 1_000));
      expect((await outbox(t, during))[0].processed_at).toBeNull();

      // A fresh Redis without the old jobs: the outbox is drained again and the change reaches the index.
      await startRedis();
      await eventually(async () => expect(await found(t, '供水')).toEqual([during]), { withinMs: 20_000 });
      expect((await outbox(t, during))[0].processed_at).not.toBeNull();
    } finally {
      await t.close();
    }
  });
});

/** The real PostgreSQL engine, made to fail on cue for one document. */
class FlakyEngine implements SearchEngine {
  readonly name = 'postgres' as const;
  inner!: SearchEngine;
  transientFailuresLeft = 0;
  attempts = new Map<string, number>();
  constructor(private readonly refuse: (doc: SearchableDocument) => 'permanent' | 'transient' | null) {}

  async upsert(docs: SearchableDocument[]) {
    for (const d of docs) {
      this.attempts.set(d.title, (this.attempts.get(d.title) ?? 0) + 1);
      const refusal = this.refuse(d);
      if (refusal === 'permanent') throw new SearchEngineError(`the engine refuses ${d.title}`, true);
      if (refusal === 'transient' && this.transientFailuresLeft-- > 0) {
        throw new SearchEngineError('the engine is unavailable', false);
      }
    }
    return this.inner.upsert(docs);
  }
  remove = (ids: string[]) => this.inner.remove(ids);
  searchDown = false;
  search: SearchEngine['search'] = (q) =>
    this.searchDown ? Promise.reject(new SearchEngineError('connection refused', false)) : this.inner.search(q);
  beginRebuild = () => this.inner.beginRebuild();
  health = () => this.inner.health();
  generation = () => this.inner.generation();
  close = () => this.inner.close();
}

describe('search indexing failures', () => {
  const engine = new FlakyEngine((d) =>
    d.title.includes('拒收') ? 'permanent' : d.title.includes('暂时') ? 'transient' : null,
  );
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp({ overrides: [{ provide: SEARCH_ENGINE, useValue: engine }] });
    engine.inner = new PostgresSearchEngine(t.app.get(DataSource));
    token = await t.tokenFor('editor');
  });
  afterAll(() => t.close());

  it('retries a transient failure with backoff until the document is indexed', async () => {
    engine.transientFailuresLeft = 2;
    const id = await register(t, token, '暂时无法索引的通知');
    // Backoff of 1 s then 2 s before the third attempt.
    await eventually(async () => expect(await found(t, '索引')).toEqual([id]), { withinMs: 15_000 });
    expect(engine.attempts.get('暂时无法索引的通知')).toBe(3);
  });

  it('answers 503 with a problem document while the engine cannot search', async () => {
    engine.searchDown = true;
    try {
      const res = await t.http.get('/api/v1/search').query({ q: '停机测试' }).expect(503);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
    } finally {
      engine.searchDown = false;
    }
  });

  it('parks a document the engine refuses instead of retrying it forever', async () => {
    const id = await register(t, token, '引擎拒收的文件');
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.searchIndex));
    const failed = await eventually(async () => {
      const jobs = await queue.getFailed();
      const job = jobs.find((j) => j.data.documentId === id);
      expect(job).toBeDefined();
      return job!;
    });
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toContain('the engine refuses');
    // Operators see it parked in the health check.
    const health = await t.http.get('/api/v1/health').expect(200);
    expect(health.body.checks.search.indexing.failed).toBe(1);
    // Other documents keep flowing.
    const other = await register(t, token, '正常索引的文件');
    await eventually(async () => expect(await found(t, '正常索引')).toEqual([other]));
    expect(engine.attempts.get('引擎拒收的文件')).toBe(1);
  });
});
