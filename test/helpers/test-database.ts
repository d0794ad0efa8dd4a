import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { deleteRedisPrefix } from './redis-cleanup.js';

/** The server tests run against; each test file gets a database of its own, cloned from a migrated template. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** One template per checkout, so two checkouts on one machine can run their suites at once. */
export const TEMPLATE_DB = `policy_library_tpl_${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 10)}`;

/**
 * The role the test applications connect as: the application role of production (rows only, no DDL), so a
 * permission the application lacks fails here first. Shared by every checkout; rights are per database.
 */
export const TEST_APP_ROLE = 'policy_library_test_app';

export function urlFor(database: string, user?: string): string {
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user;
    u.password = 'test-app-password';
  }
  return u.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  /** As the owner (a superuser here): for setting up and inspecting. */
  url: string;
  /** As the application role, as the application connects in production. */
  appUrl: string;
  /** The Redis prefix of the applications that run on this database (queues, schedules). */
  redisPrefix: string;
  /** Drops the database and deletes every Redis key under its prefix. */
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `policy_library_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const redisPrefix = `test:${name}`;
  return {
    name,
    url: urlFor(name),
    appUrl: urlFor(name, TEST_APP_ROLE),
    redisPrefix,
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await deleteRedisPrefix(TEST_REDIS_URL, redisPrefix);
    },
  };
}
