import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS_CLIENT } from '../redis/redis.module.js';
import { SearchIndexingStatus } from '../search/indexing/search-indexing.status.js';
import { SEARCH_ENGINE, type SearchEngine } from '../search/search-engine.js';

export interface DependencyCheck {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export class HealthResponse {
  /** `ok` when every dependency answers, else `degraded` (HTTP 503). */
  status: 'ok' | 'degraded';
  checks: Record<string, DependencyCheck>;
}

const TIMEOUT_MS = 2_000;

async function check(probe: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now();
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref(),
      ),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (e) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (e as Error).message };
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(SEARCH_ENGINE) private readonly search: SearchEngine,
    private readonly indexing: SearchIndexingStatus,
  ) {}

  /** Liveness and readiness: 200 when PostgreSQL, Redis and the search engine answer, 503 otherwise. */
  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    let indexing: Awaited<ReturnType<SearchIndexingStatus['counts']>> | undefined;
    const [database, redis, search] = await Promise.all([
      check(() => this.db.query('SELECT 1')),
      check(() => this.redis.ping()),
      check(() => this.search.health()),
      // What the indexer has waiting and parked; informative, not a readiness condition.
      check(async () => (indexing = await this.indexing.counts())),
    ]);
    const checks = { database, redis, search: { ...search, engine: this.search.name, indexing } };
    const ok = database.status === 'up' && redis.status === 'up' && search.status === 'up';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', checks };
  }
}
