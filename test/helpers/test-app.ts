import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { AuthService } from '../../src/auth/auth.service.js';
import type { Role } from '../../src/auth/user.entity.js';
import { Clock, FixedClock } from '../../src/common/clock.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from './test-database.js';

export const TEST_PASSWORD = 'correct-horse-battery';

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  db: TestDatabase;
  config: AppConfig;
  clock: FixedClock;
  /** A bearer token for a fresh user of that role. */
  tokenFor(role: Role): Promise<string>;
  close(): Promise<void>;
}

/**
 * Deletes this test's own Redis keys (queues, job schedulers) so that runs leave nothing behind in the
 * shared Redis. Best effort: a test that points at an unreachable Redis has nothing to delete.
 */
async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis unreachable (a fault test): nothing was written there.
  } finally {
    redis.disconnect();
  }
}

/** The real application on its own database and Redis prefix, with a fixed clock. */
export async function createTestApp(options: { today?: string; env?: Record<string, string> } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `test:${db.name}`,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  // Noon in Shanghai on the chosen day, so the calendar date is unambiguous.
  const clock = new FixedClock(new Date(`${options.today ?? '2025-06-30'}T12:00:00+08:00`), config.APP_TIMEZONE);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false });
  configureApp(app);
  await app.init();
  const http = request(app.getHttpServer());
  let users = 0;
  return {
    app,
    http,
    db,
    config,
    clock,
    async tokenFor(role) {
      const username = `${role}-${++users}`;
      await app.get(AuthService).createUser(username, role, TEST_PASSWORD);
      const res = await http.post('/api/v1/auth/login').send({ username, password: TEST_PASSWORD }).expect(200);
      return (res.body as { accessToken: string }).accessToken;
    },
    async close() {
      await app.close();
      await db.drop();
      await deleteKeys(config.REDIS_URL, `${config.REDIS_PREFIX}:`);
    },
  };
}
