import pg from 'pg';
import { runCli } from '../../src/cli/run-cli.js';
import { PROVINCE_SECRET, PROVINCE_TOKEN, provinceEnv } from '../helpers/province-sync.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../helpers/test-database.js';
import { startProvinceReceiver, type ProvinceReceiver } from '../province-receiver/province-receiver.mjs';

describe('npm run cli -- sync:province', () => {
  let db: TestDatabase;
  let receiver: ProvinceReceiver;
  let env: Record<string, string>;
  const ids: string[] = [];

  const sql = async (text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  const run = async (argv: string[], environment: Record<string, string> = env) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, environment, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await startProvinceReceiver({ token: PROVINCE_TOKEN, secret: PROVINCE_SECRET });
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      JWT_SECRET: 'cli-test-secret-cli-test-secret-123',
      LOG_LEVEL: 'silent',
      ...provinceEnv(receiver.url),
    };
    await sql(`INSERT INTO issuer (name) VALUES ('攀枝花市人民政府')`);
    const rows = await sql(
      `INSERT INTO document (title, doc_number, category, issuer_id, status, checksum, source)
       SELECT '关于第' || g || '项工作的通知', '攀府发〔2024〕' || g || '号', 'policy', (SELECT id FROM issuer), 'unmarked',
              md5(g::text), 'import'
       FROM generate_series(1, 3) g RETURNING id`,
    );
    ids.push(...rows.map((r: { id: string }) => r.id));
  });
  afterAll(async () => {
    await receiver?.close();
    await db?.drop();
  });

  it('lists what would be sent with --dry-run, and sends nothing', async () => {
    const res = await run(['sync:province', '--dry-run']);
    expect(res.code).toBe(0);
    // In id order, the order a push walks them.
    expect(res.out.split('\n')).toEqual(
      [...ids].sort().map((id) => expect.stringContaining(`${id}  v1 (new to the province)`)),
    );
    expect(res.out).toContain('攀府发〔2024〕2号  关于第2项工作的通知');
    expect(res.err).toMatch(/3 document\(s\) would be sent; nothing was sent/);
    expect(receiver.stats.requests).toBe(0);
    const [dry] = await sql(`SELECT dry_run, state, trigger, sent FROM province_sync_run`);
    expect(dry).toEqual({ dry_run: true, state: 'succeeded', trigger: 'cli', sent: 3 });
  });

  it('pushes in its own process and says how the run ended', async () => {
    const res = await run(['sync:province']);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^Run [0-9a-f-]{36} succeeded: 3 sent, 3 accepted, 0 rejected, 0 failed\.$/);
    expect(receiver.held()).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    expect((await run(['sync:province', '--dry-run'])).err).toMatch(/0 document\(s\) would be sent/);
  });

  it('exits 2 when the province rejects a document, and 1 when it refuses the credentials', async () => {
    await sql(`UPDATE document SET version = version + 1 WHERE id = ANY($1::uuid[])`, [ids.slice(0, 2)]);
    receiver.setFaults({ reject: new Map([[ids[0], '文号格式不符']]) });
    const partial = await run(['sync:province']);
    expect(partial.code).toBe(2);
    expect(partial.out).toMatch(/partially_failed: 2 sent, 1 accepted, 1 rejected, 0 failed/);

    receiver.setFaults({});
    await sql(`UPDATE document SET version = version + 1 WHERE id = $1`, [ids[2]]);
    const refused = await run(['sync:province'], { ...env, PROVINCE_SYNC_TOKEN: 'revoked-token' });
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/failed: 0 sent/);
    expect(refused.err).toMatch(/province_sync\.credentials_refused: .*401.*Check PROVINCE_SYNC_TOKEN/);
  });

  it('fails clearly when the province is not configured', async () => {
    const { PROVINCE_SYNC_URL: _url, ...bare } = env;
    const res = await run(['sync:province'], bare);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(
      /province_sync\.not_configured: PROVINCE_SYNC_URL, PROVINCE_SYNC_TOKEN and PROVINCE_SYNC_SECRET/,
    );
  });
});
