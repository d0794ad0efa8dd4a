import { z } from 'zod';

/**
 * Every environment variable the library reads, validated once at start.
 * Nothing else in the code base reads `process.env`.
 */

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a ${protocols.join(' or ')} URL`,
    );

const timeZone = z
  .string()
  .trim()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Shanghai');

// Five fields (minute hour day month weekday), each a number, a range, a list, a step or '*'.
const cronField = String.raw`(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*`;
const cron = z
  .string()
  .trim()
  .regex(new RegExp(`^${cronField}( ${cronField}){4}$`), 'must be a five-field cron pattern');

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

const positiveInt = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be positive');

/** The value .env.example ships with (change-me-to-…), and others asking to be changed: never a real secret. */
const PLACEHOLDER_SECRET = /change[-_ ]?me|replace[-_ ]?me/i;

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  /** Prefix of every Redis key the queues use; lets several libraries (or test files) share one Redis. */
  REDIS_PREFIX: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[\w:.-]+$/, 'may hold letters, digits, _ : . -')
    .default('policy-library'),
  APP_TIMEZONE: timeZone.default('Asia/Shanghai'),
  SEARCH_ENGINE: z.enum(['postgres', 'meilisearch']).default('postgres'),
  /** Search answers kept in memory until the index changes (0 turns the cache off). */
  SEARCH_CACHE_ENTRIES: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .default(2_000),
  /**
   * The PostgreSQL engine's resident index: counts, facets and page order in the API process's memory
   * (docs/search.md); `off` leaves every search to PostgreSQL alone.
   */
  SEARCH_RESIDENT_INDEX: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  MEILISEARCH_URL: url(['http:', 'https:']).optional(),
  MEILISEARCH_API_KEY: z.string().min(1).optional(),
  PROVINCE_SYNC_URL: url(['http:', 'https:']).optional(),
  PROVINCE_SYNC_TOKEN: z.string().min(1).optional(),
  PROVINCE_SYNC_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  PROVINCE_SYNC_CRON: cron.default('0 2 * * *'),
  /** Names the library to the province (the `source` of every batch). */
  PROVINCE_SYNC_SOURCE: z.string().trim().min(1).max(200).default('policy-library'),
  /** Documents per signed batch. */
  PROVINCE_SYNC_BATCH_SIZE: positiveInt.max(5_000, 'must be at most 5000').default(500),
  /** A run whose heartbeat is older than this is taken for dead, marked failed, and its work left to the next run. */
  PROVINCE_SYNC_STALE_RUN_SECONDS: positiveInt.default(600),
  /** How long one batch request may take before it counts as timed out (and is retried). */
  PROVINCE_SYNC_REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
  /** Retries of one batch after a transient failure (timeout, connection error, 5xx, 429), with exponential backoff. */
  PROVINCE_SYNC_RETRY_LIMIT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(20, 'must be at most 20')
    .default(5),
  /**
   * The owner of the schema, for db:migrate and the maintenance commands that change tables (search:reindex);
   * the application itself connects with DATABASE_URL as a role that can only read and write rows.
   */
  DATABASE_OWNER_URL: url(['postgres:', 'postgresql:']).optional(),
  JWT_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .refine((v) => !PLACEHOLDER_SECRET.test(v), 'must not be the example value of .env.example: generate a random one'),
  /**
   * Behind a reverse proxy, which hops to trust for X-Forwarded-For (Express `trust proxy`: a number of hops,
   * `loopback`, addresses or subnets). Unset: the client address is the connection's.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(
      /^(\d{1,2}|true|false|loopback|linklocal|uniquelocal|[\d.:a-fA-F/, ]+)$/,
      'must be a number of hops or a list of addresses',
    )
    .transform((v) => (/^\d+$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v))
    .optional(),
  JWT_TTL_SECONDS: positiveInt.default(8 * 3600),
  /** Normative documents registered without validUntil get this default period (SPEC 2). */
  NORMATIVE_VALIDITY_YEARS: positiveInt.default(5),
  PROVISIONAL_VALIDITY_YEARS: positiveInt.default(2),
  /** When the daily validity sweep runs (in APP_TIMEZONE): pending → in_force, expiry, scheduled actions. */
  VALIDITY_SWEEP_CRON: cron.default('5 0 * * *'),
  /**
   * The site's public address (https://zcwjk.example.gov.cn), for the absolute links feeds and the sitemap
   * must carry. Unset, they use the address the request came in on.
   */
  PUBLIC_URL: url(['http:', 'https:'])
    .refine((v) => !/[?#]/.test(v), 'must be an origin with an optional path, without ? or #')
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  /** Time a client has to send its request headers; a slower one is cut off with 408. */
  HTTP_HEADERS_TIMEOUT_MS: positiveInt.default(10_000),
  /** Time a client has to send a request body once the route starts reading it; a slower one gets 408. */
  HTTP_BODY_TIMEOUT_MS: positiveInt.default(15_000),
  /** The OpenAPI description and Swagger UI at /api/docs: on unless NODE_ENV=production. */
  API_DOCS: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((v) => v === 'true')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type AppConfig = Omit<z.infer<typeof envSchema>, 'API_DOCS'> & { API_DOCS: boolean };

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.reason}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Validates the environment. The message names each bad variable and why, never its value. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  // An empty variable is treated as unset, as shells and compose files often export them empty.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (result.success) {
    if (result.data.SEARCH_ENGINE === 'meilisearch' && !result.data.MEILISEARCH_URL) {
      throw new ConfigError([{ variable: 'MEILISEARCH_URL', reason: 'is required when SEARCH_ENGINE=meilisearch' }]);
    }
    return { ...result.data, API_DOCS: result.data.API_DOCS ?? result.data.NODE_ENV !== 'production' };
  }
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '?'),
      reason: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
    })),
  );
}

/** Only the database URL, for tools that need nothing else (the TypeORM CLI). */
export function loadDatabaseUrl(env: Record<string, string | undefined>): string {
  const result = envSchema.shape.DATABASE_URL.safeParse(env.DATABASE_URL ?? '');
  if (!result.success) {
    throw new ConfigError([
      { variable: 'DATABASE_URL', reason: env.DATABASE_URL ? result.error.issues[0].message : 'is required' },
    ]);
  }
  return result.data;
}
