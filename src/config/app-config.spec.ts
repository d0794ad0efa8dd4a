import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from './app-config.js';

const minimal = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/policy_library',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 's'.repeat(40),
};

const problemsOf = (env: Record<string, string | undefined>) => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('applies the defaults of SPEC section 5', () => {
    expect(loadConfig(minimal)).toMatchObject({
      PORT: 3000,
      APP_TIMEZONE: 'Asia/Shanghai',
      SEARCH_ENGINE: 'postgres',
      SEARCH_RESIDENT_INDEX: 'on',
      PROVINCE_SYNC_CRON: '0 2 * * *',
    });
  });

  it('names each missing variable', () => {
    const e = problemsOf({});
    expect(e.problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'REDIS_URL']);
    expect(e.problems.every((p) => p.reason === 'is required')).toBe(true);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://secret-password@db/x'],
    ['REDIS_URL', 'not a url'],
    ['APP_TIMEZONE', 'Mars/Olympus'],
    ['SEARCH_ENGINE', 'elastic'],
    ['SEARCH_RESIDENT_INDEX', 'sometimes'],
    ['PROVINCE_SYNC_CRON', 'every night'],
    ['JWT_SECRET', 'short'],
    ['JWT_SECRET', 'change-me-to-at-least-32-random-characters'],
    ['TRUST_PROXY', 'everyone; rm -rf'],
  ])('refuses a malformed %s without printing its value', (variable, value) => {
    const e = problemsOf({ ...minimal, [variable]: value });
    expect(e.problems).toEqual([{ variable, reason: expect.any(String) }]);
    expect(e.message).toContain(variable);
    expect(e.message).not.toContain(value);
  });

  it('needs MEILISEARCH_URL when the engine is meilisearch', () => {
    expect(problemsOf({ ...minimal, SEARCH_ENGINE: 'meilisearch' }).problems[0].variable).toBe('MEILISEARCH_URL');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...minimal, PORT: '' }).PORT).toBe(3000);
  });

  it('refuses to start with the secret .env.example ships with', () => {
    const example = /^JWT_SECRET=(.*)$/m.exec(readFileSync(new URL('../../.env.example', import.meta.url), 'utf8'))![1];
    const e = problemsOf({ ...minimal, JWT_SECRET: example });
    expect(e.problems).toEqual([
      { variable: 'JWT_SECRET', reason: 'must not be the example value of .env.example: generate a random one' },
    ]);
  });
});
