import { randomUUID } from 'node:crypto';
import type { SearchableDocument, SearchEngine, SearchQuery } from '../../src/search/search-engine.js';

/**
 * The behaviour every search engine owes the library (issue 4), run against each engine available:
 * PostgreSQL always, Meilisearch when MEILISEARCH_URL is set.
 */
export interface EngineUnderTest {
  engine: SearchEngine;
  /** What an engine cannot do by design, so the suite does not expect it. */
  capabilities: {
    /** A word inside a longer word (工程 in 在建工程): the embedded engine must, Meilisearch cannot. */
    infix: boolean;
    /** An older version never replaces a newer one already indexed. */
    versionGuard: boolean;
  };
  close(): Promise<void>;
}

export const sample = (over: Partial<SearchableDocument> & Pick<SearchableDocument, 'title'>): SearchableDocument => ({
  id: randomUUID(),
  docNumber: null,
  issuer: '攀枝花市人民政府',
  coIssuers: [],
  category: 'normative',
  status: 'in_force',
  publishedOn: '2024-01-01',
  topic: null,
  keywords: [],
  summary: null,
  body: '',
  version: 1,
  ...over,
});

const query = (over: Partial<SearchQuery>): SearchQuery => ({
  q: '',
  filters: {},
  sort: 'relevance',
  page: 1,
  pageSize: 20,
  ...over,
});

export function describeSearchEngineContract(name: string, start: () => Promise<EngineUnderTest>): void {
  describe(`search engine contract: ${name}`, () => {
    let e: EngineUnderTest;
    const construction = sample({
      title: '关于加强在建工程安全管理的通知',
      docNumber: '攀府发〔2024〕5号',
      publishedOn: '2024-03-01',
      body: '为加强全市在建工程安全生产管理，现就有关事项通知如下。',
    });
    const pensionTitle = sample({
      title: '攀枝花市养老服务补贴管理办法',
      docNumber: '攀府规〔2023〕2号',
      publishedOn: '2023-05-10',
      body: '第一条 为规范补贴发放，制定本办法。',
    });
    const pensionBody = sample({
      title: '关于做好2025年民生实事工作的通知',
      category: 'policy',
      docNumber: '攀府函〔2025〕8号',
      publishedOn: '2025-01-15',
      body: '一、落实养老服务补贴政策。二、其他事项。',
    });
    const ended = sample({
      title: '攀枝花市城乡居民最低生活保障实施办法',
      docNumber: '攀府规〔2022〕1号',
      status: 'expired',
      publishedOn: '2022-01-10',
      body: '第一条 为保障城乡居民基本生活，制定本办法。',
    });
    const current = sample({
      title: '攀枝花市城乡居民最低生活保障实施办法',
      docNumber: '攀府规〔2020〕3号',
      publishedOn: '2020-03-01',
      body: '第一条 为保障城乡居民基本生活，制定本办法。',
    });
    const office = sample({
      title: '攀枝花市人民政府办公室关于印发优化营商环境工作方案的通知',
      issuer: '攀枝花市人民政府办公室',
      category: 'policy',
      docNumber: '攀办发〔2021〕12号',
      publishedOn: '2021-09-01',
      body: '根据攀府发〔2024〕5号文件精神，制定本方案。',
    });
    const all = [construction, pensionTitle, pensionBody, ended, current, office];
    const ids = async (q: Partial<SearchQuery>) => (await e.engine.search(query(q))).hits.map((h) => h.id);

    beforeAll(async () => {
      e = await start();
      await e.engine.upsert(all);
    });
    afterAll(() => e?.close());

    it('is ready', async () => {
      await expect(e.engine.health()).resolves.toBeUndefined();
    });

    it('finds a document by a word of its title and returns what a hit shows', async () => {
      const result = await e.engine.search(query({ q: '在建工程' }));
      expect(result.total).toBe(1);
      expect(result.hits[0]).toMatchObject({
        id: construction.id,
        title: construction.title,
        docNumber: '攀府发〔2024〕5号',
        issuer: '攀枝花市人民政府',
        category: 'normative',
        status: 'in_force',
        publishedOn: '2024-03-01',
      });
      expect(result.hits[0].excerpt.text).toContain('在建工程');
    });

    it.each(['攀府发〔2024〕5号', '攀府发[2024]5号', '攀府发（2024）5号', '攀府发2024年5号'])(
      'finds the numbered document first for %s',
      async (written) => {
        expect((await ids({ q: written }))[0]).toBe(construction.id);
      },
    );

    it('says whether the hits hold every word, or only some when nothing holds them all', async () => {
      const every = await e.engine.search(query({ q: '在建工程 安全' }));
      expect(every.hits.map((h) => h.id)).toEqual([construction.id]);
      expect(every.matching).toBe('all');
      const some = await e.engine.search(query({ q: '在建工程 火星基地' }));
      expect(some.hits.map((h) => h.id)).toContain(construction.id);
      expect(some.matching).toBe('any');
    });

    it('ranks a title match above a body match', async () => {
      expect(await ids({ q: '养老服务补贴' })).toEqual([pensionTitle.id, pensionBody.id]);
    });

    it('ranks the in-force document first when two match equally', async () => {
      expect(await ids({ q: '最低生活保障实施办法' })).toEqual([current.id, ended.id]);
    });

    it('finds a word inside a longer word where the engine can', async () => {
      if (!e.capabilities.infix) return;
      expect(await ids({ q: '工程' })).toEqual([construction.id]);
    });

    it('filters and counts facets over the filtered documents', async () => {
      const policy = await e.engine.search(query({ filters: { category: 'policy' }, sort: '-publishedOn' }));
      expect(policy.hits.map((h) => h.id)).toEqual([pensionBody.id, office.id]);
      expect(policy.facets.category).toEqual({ policy: 2 });
      expect(await ids({ filters: { status: 'expired' } })).toEqual([ended.id]);
      expect(await ids({ filters: { issuer: '攀枝花市人民政府办公室' } })).toEqual([office.id]);
      expect(await ids({ filters: { year: 2023 } })).toEqual([pensionTitle.id]);
      expect(await ids({ filters: { from: '2022-01-10', to: '2023-05-10' }, sort: 'publishedOn' })).toEqual([
        ended.id,
        pensionTitle.id,
      ]);
      const everything = await e.engine.search(query({}));
      expect(everything.total).toBe(6);
      expect(everything.facets).toEqual({
        category: { normative: 4, policy: 2 },
        status: { in_force: 5, expired: 1 },
        issuer: { 攀枝花市人民政府: 5, 攀枝花市人民政府办公室: 1 },
        year: { '2020': 1, '2021': 1, '2022': 1, '2023': 1, '2024': 1, '2025': 1 },
      });
    });

    it('sorts by publication date and pages', async () => {
      expect(await ids({ sort: '-publishedOn', pageSize: 2, page: 2 })).toEqual([pensionTitle.id, ended.id]);
      expect(await ids({ sort: 'publishedOn', pageSize: 2 })).toEqual([current.id, office.id]);
    });

    it('reads hostile filter values as values', async () => {
      for (const issuer of ['" OR status = "in_force', "' OR '1'='1", '\\" OR year = 2024 OR "', '攀枝花市人民政府"']) {
        expect((await e.engine.search(query({ filters: { issuer } }))).total).toBe(0);
      }
      expect((await e.engine.search(query({ q: "'); DROP TABLE search_document; --" }))).hits).toEqual([]);
      expect((await e.engine.search(query({}))).total).toBe(6);
    });

    it('replaces a document with a newer version and removes one', async () => {
      const doc = sample({ title: '攀枝花市河长制工作规定', version: 2 });
      await e.engine.upsert([doc]);
      await e.engine.upsert([{ ...doc, title: '攀枝花市林长制工作规定', version: 3 }]);
      expect(await ids({ q: '林长制' })).toEqual([doc.id]);
      expect(await ids({ q: '河长制' })).toEqual([]);
      if (e.capabilities.versionGuard) {
        await e.engine.upsert([{ ...doc, title: '攀枝花市河长制工作规定', version: 2 }]);
        expect(await ids({ q: '林长制' })).toEqual([doc.id]);
      }
      await e.engine.remove([doc.id]);
      expect(await ids({ q: '林长制' })).toEqual([]);
    });

    it('rebuilds the index while searches keep answering, dropping what was not rewritten', async () => {
      const gone = sample({ title: '攀枝花市河道采砂管理规定' });
      await e.engine.upsert([gone]);
      const rebuild = await e.engine.beginRebuild();
      await rebuild.write(all.slice(0, 3));
      // Half-way through the rebuild the live index still answers with everything.
      expect((await e.engine.search(query({}))).total).toBe(7);
      expect(await ids({ q: '采砂' })).toEqual([gone.id]);
      await rebuild.write(all.slice(3));
      await rebuild.commit();
      expect(await ids({ q: '采砂' })).toEqual([]);
      expect((await e.engine.search(query({}))).total).toBe(6);
      expect((await ids({ q: '攀府发〔2024〕5号' }))[0]).toBe(construction.id);
    });
  });
}
