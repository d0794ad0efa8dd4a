import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { PostgresSearchEngine } from '../../src/search/engines/postgres-search.engine.js';
import type { SearchQuery } from '../../src/search/search-engine.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { describeSearchEngineContract, sample } from './search-engine.contract.js';

const engineUnderTest = (resident: 'background' | 'awaited' | 'off') => async () => {
  const db = await createTestDatabase();
  const ds = new DataSource(dataSourceOptions(db.url));
  await ds.initialize();
  const engine = new PostgresSearchEngine(ds, { resident });
  return {
    engine,
    capabilities: { infix: true, versionGuard: true },
    async close() {
      await engine.close();
      await ds.destroy();
      await db.drop();
    },
  };
};

// As it runs in the application: the resident index read in the background, PostgreSQL answering meanwhile.
describeSearchEngineContract('PostgreSQL', engineUnderTest('background'));
// Every search that can be answered from the resident index is (each change makes it read a new snapshot).
describeSearchEngineContract('PostgreSQL, resident index read before answering', engineUnderTest('awaited'));
describeSearchEngineContract('PostgreSQL, without the resident index', engineUnderTest('off'));

describe('PostgreSQL engine: the resident index and changes', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let engine: PostgresSearchEngine;
  const search = (q: string, over: Partial<SearchQuery> = {}) =>
    engine.search({ q, filters: {}, sort: 'relevance', page: 1, pageSize: 20, ...over });
  const until = async (done: () => Promise<boolean>) => {
    // A snapshot that went stale unused makes the next one wait longer (up to 30 s; a few seconds here).
    for (let i = 0; i < 600 && !(await done()); i++) await new Promise((r) => setTimeout(r, 50));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(db.url));
    await ds.initialize();
    engine = new PostgresSearchEngine(ds);
  });
  afterAll(async () => {
    await engine.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('shows a change in the very next search, before a new snapshot is read, and from the new one after', async () => {
    const first = sample({ title: '攀枝花市殡葬管理办法', status: 'in_force' });
    await engine.upsert([first]);
    // The first searches start the snapshot; wait until one is answered from it.
    await until(async () => {
      const before = engine.residentAnswers;
      await search('殡葬');
      return engine.residentAnswers > before;
    });
    const answered = engine.residentAnswers;
    expect((await search('殡葬')).total).toBe(1);
    expect(engine.residentAnswers).toBe(answered + 1);

    // A new document, a validity change, a removal: each shows at once (PostgreSQL answers while the
    // snapshot is stale), facets included.
    const second = sample({ title: '攀枝花市殡葬服务补贴办法', status: 'in_force' });
    await engine.upsert([second]);
    const afterInsert = await search('殡葬');
    expect(afterInsert.total).toBe(2);
    await engine.upsert([{ ...first, status: 'repealed', version: 2 }]);
    const afterRepeal = await search('殡葬');
    expect(afterRepeal.facets.status).toEqual({ in_force: 1, repealed: 1 });
    expect(afterRepeal.hits.map((h) => h.id)).toEqual([second.id, first.id]);
    await engine.remove([second.id]);
    expect((await search('殡葬')).hits.map((h) => h.id)).toEqual([first.id]);

    // Then from a new snapshot, with the same answer.
    await until(async () => {
      const before = engine.residentAnswers;
      await search('殡葬');
      return engine.residentAnswers > before;
    });
    const fromSnapshot = await search('殡葬');
    expect(fromSnapshot.hits.map((h) => h.id)).toEqual([first.id]);
    expect(fromSnapshot.facets.status).toEqual({ repealed: 1 });
  }, 90_000);

  it('answers from memory even when document numbers have spread far beyond the number of documents', async () => {
    const far = sample({ title: '攀枝花市河湖长制工作规定' });
    const near = sample({ title: '攀枝花市河湖长制考核办法', status: 'expired' });
    await engine.upsert([far, near]);
    await ds.query(`UPDATE search_match SET doc_no = 2000000000 WHERE document_id = $1`, [far.id]);
    await ds.query(`SELECT nextval('search_index_generation')`);
    const resident = new PostgresSearchEngine(ds, { resident: 'awaited' });
    const alone = new PostgresSearchEngine(ds, { resident: 'off' });
    try {
      const query = { q: '河湖长制', filters: {}, sort: 'relevance' as const, page: 1, pageSize: 20 };
      const [a, b] = [await resident.search(query), await alone.search(query)];
      expect(resident.residentAnswers).toBe(1);
      expect(a.hits.map((h) => h.id)).toEqual([far.id, near.id]);
      expect(a).toEqual(b);
    } finally {
      await resident.close();
      await alone.close();
    }
  });

  it('answers the very first search from memory once warmed up (as the server does at start)', async () => {
    await engine.upsert([sample({ title: '攀枝花市城市供水管理办法' })]);
    const query = { q: '供水', filters: {}, sort: 'relevance' as const, page: 1, pageSize: 20 };
    const cold = new PostgresSearchEngine(ds);
    const warmed = new PostgresSearchEngine(ds);
    try {
      warmed.warmUp();
      // A snapshot of a few documents takes milliseconds; the first search of `cold` starts its read.
      await new Promise((r) => setTimeout(r, 3_000));
      const [a, b] = [await cold.search(query), await warmed.search(query)];
      expect(a).toEqual(b);
      expect(cold.residentAnswers).toBe(0);
      expect(warmed.residentAnswers).toBe(1);
    } finally {
      await cold.close();
      await warmed.close();
    }
  });

  it('lets two searches at a time go to PostgreSQL alone while a snapshot is read; the others wait for it', async () => {
    await engine.upsert([sample({ title: '攀枝花市城市绿化管理办法' }), sample({ title: '攀枝花市绿化补偿办法' })]);
    const query = { q: '绿化', filters: {}, sort: 'relevance' as const, page: 1, pageSize: 20 };
    const fresh = new PostgresSearchEngine(ds);
    const alone = new PostgresSearchEngine(ds, { resident: 'off' });
    try {
      // Ten at once on a server that has no snapshot yet: the first starts the read.
      const answers = await Promise.all(Array.from({ length: 10 }, () => fresh.search(query)));
      const want = await alone.search(query);
      for (const a of answers) expect(a).toEqual(want);
      expect(fresh.residentAnswers).toBeGreaterThanOrEqual(8);
    } finally {
      await fresh.close();
      await alone.close();
    }
  });

  it('answers a 发文字号 by PostgreSQL alone while a snapshot is read: it waits for none', async () => {
    await engine.upsert([sample({ title: '攀枝花市林长制实施办法', docNumber: '攀府规〔2032〕3号' })]);
    const query = { q: '攀府规〔2032〕3号', filters: {}, sort: 'relevance' as const, page: 1, pageSize: 20 };
    const fresh = new PostgresSearchEngine(ds);
    const alone = new PostgresSearchEngine(ds, { resident: 'off' });
    try {
      // Ten at once on a server that has no snapshot yet, beside ten word searches (which do wait).
      const words = Promise.all(Array.from({ length: 10 }, () => fresh.search({ ...query, q: '林长制' })));
      const numbers = await Promise.all(Array.from({ length: 10 }, () => fresh.search(query)));
      const want = await alone.search(query);
      expect(want.total).toBe(1);
      for (const a of numbers) expect(a).toEqual(want);
      await words;
      expect(fresh.residentAnswers).toBeLessThanOrEqual(8);
    } finally {
      await fresh.close();
      await alone.close();
    }
  });

  it('orders by date as PostgreSQL does: documents of one day by id across statuses, undated last', async () => {
    // Few days, every status, some undated: most neighbours in date order tie on the day.
    const statuses = ['in_force', 'expired', 'pending', 'repealed', 'partially_in_force', 'unmarked'] as const;
    const days = ['2021-03-01', '2023-07-15', '2023-07-16', null];
    const docs = Array.from({ length: 72 }, (_, i) =>
      sample({
        title: `攀枝花市档案管理规定（第${i}稿）`,
        status: statuses[i % statuses.length],
        publishedOn: days[Math.floor(i / 6) % days.length],
      }),
    );
    // Others, so that a few matches are sorted by themselves and many found along the date order.
    const others = Array.from({ length: 1_000 }, (_, i) =>
      sample({ title: `攀枝花市其他事项通知（第${i}号）`, publishedOn: days[i % days.length] }),
    );
    await engine.upsert([...docs, ...others]);
    const resident = new PostgresSearchEngine(ds, { resident: 'awaited' });
    const alone = new PostgresSearchEngine(ds, { resident: 'off' });
    try {
      for (const sort of ['-publishedOn', 'publishedOn', 'relevance'] as const) {
        const filters_ = [{}, { from: '2023-07-15' }, { to: '2023-07-15' }, { status: 'expired' as const }];
        for (const filters of [...filters_, { status: 'unmarked' as const, from: '2021-03-01' }]) {
          for (let page = 1; page <= 6; page++) {
            const query = { q: '档案管理', filters, sort, page, pageSize: 13 };
            const [a, b] = [await resident.search(query), await alone.search(query)];
            expect(a, `${sort} ${JSON.stringify(filters)} page ${page}`).toEqual(b);
          }
        }
      }
      expect(resident.residentAnswers).toBe(3 * 5 * 6);
    } finally {
      await resident.close();
      await alone.close();
    }
  });

  it('orders a 发文字号 query from memory as PostgreSQL does: documents bearing it, then documents citing it', async () => {
    const statuses = ['repealed', 'in_force', 'expired', 'partially_in_force'] as const;
    // Several documents bear the number (a reissue, another issuer's copy), one with it in its title as
    // typed, one whose issuer's name is what was typed; more cite it in their bodies than fill a page.
    const bearing = [
      ...Array.from({ length: 4 }, (_, i) =>
        sample({ title: `攀枝花市水资源管理办法（第${i}版）`, docNumber: '攀府规〔2031〕7号', status: statuses[i] }),
      ),
      sample({ title: '关于攀府规〔2031〕7号的更正通知', docNumber: '攀府规〔2031〕7号', status: 'expired' }),
      sample({ title: '攀枝花市水资源费征收办法', docNumber: '攀府规〔2031〕7号', issuer: '攀府规〔2031〕7号' }),
    ];
    const citing = Array.from({ length: 30 }, (_, i) =>
      sample({
        title: `攀枝花市节约用水工作通知（${i}）`,
        status: statuses[i % statuses.length],
        publishedOn: `20${20 + (i % 9)}-0${1 + (i % 9)}-1${i % 10}`,
        body: `为贯彻落实《攀枝花市水资源管理办法》（攀府规〔2031〕7号），现将有关事项通知如下。`,
      }),
    );
    await engine.upsert([
      ...bearing,
      ...citing,
      sample({ title: '攀枝花市其他事项通知', docNumber: '攀府规〔2031〕8号' }),
    ]);
    const resident = new PostgresSearchEngine(ds, { resident: 'awaited' });
    const alone = new PostgresSearchEngine(ds, { resident: 'off' });
    try {
      let compared = 0;
      for (const q of ['攀府规〔2031〕7号', '攀府规[2031]7号', '攀府规2031年7号']) {
        for (const over of [
          { page: 1, pageSize: 3 },
          { page: 2, pageSize: 3 },
          { page: 2, pageSize: 5 },
          { page: 1, pageSize: 50 },
          { page: 1, pageSize: 10, filters: { status: 'expired' as const } },
          { page: 1, pageSize: 10, sort: '-publishedOn' as const },
        ]) {
          const query = { q, filters: {}, sort: 'relevance' as const, ...over };
          const [a, b] = [await resident.search(query), await alone.search(query)];
          expect(a, `${q} ${JSON.stringify(over)}`).toEqual(b);
          compared++;
        }
      }
      expect(resident.residentAnswers).toBe(compared);
      const all = await resident.search({
        q: '攀府规〔2031〕7号',
        filters: {},
        sort: 'relevance',
        page: 1,
        pageSize: 50,
      });
      expect(all.total).toBe(bearing.length + citing.length);
      // The bonus (title or issuer) first, then the rest of the bearing ones, then those citing.
      expect(new Set(all.hits.slice(0, 2).map((h) => h.id))).toEqual(new Set([bearing[4].id, bearing[5].id]));
      expect(new Set(all.hits.slice(2, 6).map((h) => h.id))).toEqual(new Set(bearing.slice(0, 4).map((d) => d.id)));
    } finally {
      await resident.close();
      await alone.close();
    }
  });

  it("keeps a document's number through edits and rebuilds; a new document draws a new one", async () => {
    const numbers = async () =>
      new Map(
        (
          (await ds.query(`SELECT document_id::text AS id, doc_no FROM search_match`)) as {
            id: string;
            doc_no: number;
          }[]
        ).map((r) => [r.id, r.doc_no]),
      );
    const a = sample({ title: '攀枝花市物业管理办法' });
    const b = sample({ title: '攀枝花市物业服务收费管理办法' });
    await engine.upsert([a, b]);
    const before = await numbers();
    await engine.upsert([{ ...a, title: '攀枝花市物业管理条例实施办法', version: 2 }]);
    const rebuild = await engine.beginRebuild();
    const c = sample({ title: '攀枝花市住宅专项维修资金管理办法' });
    await rebuild.write([{ ...a, title: '攀枝花市物业管理条例实施办法', version: 2 }, b, c]);
    await rebuild.commit();
    const after = await numbers();
    expect(after.get(a.id)).toBe(before.get(a.id));
    expect(after.get(b.id)).toBe(before.get(b.id));
    expect([...before.values()]).not.toContain(after.get(c.id));
    expect(new Set(after.values()).size).toBe(after.size);
  });
});
