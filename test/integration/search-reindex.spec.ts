import pg from 'pg';
import { runCli } from '../../src/cli/run-cli.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../helpers/test-database.js';

describe('npm run cli -- search:reindex', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase();
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: db.redisPrefix,
      JWT_SECRET: 'cli-test-secret-cli-test-secret-123',
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(() => db.drop());

  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const query = async <T>(sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };

  it('indexes every document of the catalogue and drops index rows of documents that are gone', async () => {
    expect((await run(['demo:seed', '--count', '25'])).code).toBe(0);
    const [{ n: documents }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM document`);
    // A row the catalogue does not back (as a document deleted behind the indexer's back would leave).
    await query(
      `WITH orphan AS (
         INSERT INTO search_document (document_id, version, title, issuer, category, status, status_rank, body, head_tsv, generation)
         VALUES (gen_random_uuid(), 1, '孤儿', '某机关', 'policy', 'in_force', 2, '', '', 0) RETURNING document_id
       )
       INSERT INTO search_match (document_id, category_code, status_code, issuer_code, status_rank, facet_key, title_lower,
         names_lower, tsv, head_lex)
       SELECT document_id, 3, 3, 0, 2, 0, '孤儿', '某机关', '', '' FROM orphan`,
    );

    const res = await run(['search:reindex']);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(
      new RegExp(`^Rebuilt the postgres search index: ${documents} documents in [\\d.]+ s \\(\\d+ documents/s\\)\\.$`),
    );

    const rows = await query<{ indexed: number; missing: number; orphans: number; matched: number; unmatched: number }>(
      `SELECT (SELECT count(*)::int FROM search_document) AS indexed,
              (SELECT count(*)::int FROM document d WHERE NOT EXISTS (SELECT 1 FROM search_document s WHERE s.document_id = d.id)) AS missing,
              (SELECT count(*)::int FROM search_document s WHERE NOT EXISTS (SELECT 1 FROM document d WHERE d.id = s.document_id)) AS orphans,
              (SELECT count(*)::int FROM search_match) AS matched,
              (SELECT count(*)::int FROM search_match m WHERE NOT EXISTS (SELECT 1 FROM document d WHERE d.id = m.document_id)) AS unmatched`,
    );
    expect(rows[0]).toEqual({ indexed: documents, missing: 0, orphans: 0, matched: documents, unmatched: 0 });
  });
});
