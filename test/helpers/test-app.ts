import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { TimeLimitedExpressAdapter } from '../../src/common/http-server.js';
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

/** The real application on its own database and Redis prefix, with a fixed clock. */
export async function createTestApp(
  options: {
    today?: string;
    env?: Record<string, string>;
    /** Start on an existing database (and its Redis prefix), e.g. to restart the app; it is not dropped on close. */
    db?: TestDatabase;
    /** Providers to replace, e.g. an outside system that must fail on cue. */
    overrides?: { provide: unknown; useValue: unknown }[];
    /** Receives the application's log lines (set LOG_LEVEL in `env` too). */
    logStream?: DestinationStream;
  } = {},
): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.appUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: db.redisPrefix,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  // Noon in Shanghai on the chosen day, so the calendar date is unambiguous.
  const clock = new FixedClock(new Date(`${options.today ?? '2025-06-30'}T12:00:00+08:00`), config.APP_TIMEZONE);
  const builder = Test.createTestingModule({ imports: [AppModule.forRoot(config, { logStream: options.logStream })] })
    .overrideProvider(Clock)
    .useValue(clock);
  for (const o of options.overrides ?? []) builder.overrideProvider(o.provide).useValue(o.useValue);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(new TimeLimitedExpressAdapter(config), {
    bodyParser: false,
  });
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
      // A database passed in outlives this app (a restart test), and so do its queue keys: whoever made it drops both.
      if (!options.db) await db.drop();
    },
  };
}
