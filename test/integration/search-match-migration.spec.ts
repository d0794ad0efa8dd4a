import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { SplitSearchMatchingIntoNarrowTable1795848000000 as Split } from '../../src/database/migrations/1795848000000-split_search_matching_into_narrow_table.js';
import { NumberedSearchMatches1795849000000 as Numbered } from '../../src/database/migrations/1795849000000-numbered_search_matches.js';
import { PostgresSearchEngine } from '../../src/search/engines/postgres-search.engine.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/**
 * The migration that split the search index into a wide and a narrow table carries an existing index over
 * (a library upgraded in place keeps answering without a rebuild), and its `down` puts it back; the one
 * after it numbers the rows it carried over (for the resident index).
 */
describe('migration: search_match split from search_document', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(db.url));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const migrate = async (direction: 'up' | 'down') => {
    const runner = ds.createQueryRunner();
    try {
      await runner.startTransaction();
      const steps = [new Split(), new Numbered()];
      for (const step of direction === 'up' ? steps : steps.reverse()) await step[direction](runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
  };

  it('carries index rows over to the narrow table and back', async () => {
    await migrate('down');
    // An index row as the engine wrote it before the split.
    await ds.query(
      `INSERT INTO search_document (document_id, version, title, doc_number, issuer, category, status, status_rank,
         published_on, body, head_tsv, tsv, generation)
       VALUES ('00000000-0000-4000-8000-000000000001', 3, '关于加强在建工程安全管理的通知', '攀府发〔2024〕5号',
         '攀枝花市人民政府', 'normative', 'in_force', 2, '2024-03-01', '为加强全市在建工程安全生产管理……',
         '''在建工程'':3A ''dn:攀府发〔2024〕5号'':9B', '''在建工程'' ''安全'' ''dn:攀府发〔2024〕5号''', 1)`,
    );

    await migrate('up');
    const [row] = await ds.query(
      `SELECT category_code, status_code, published_year, title_lower, names_lower, tsv::text, head_lex::text,
         i.name AS issuer
       FROM search_match m JOIN search_issuer i ON i.code = m.issuer_code`,
    );
    expect(row).toEqual({
      category_code: 2,
      status_code: 3,
      published_year: 2024,
      title_lower: '关于加强在建工程安全管理的通知',
      names_lower: '攀府发〔2024〕5号 攀枝花市人民政府',
      tsv: "'dn:攀府发〔2024〕5号' '在建工程' '安全'",
      head_lex: "'dn:攀府发〔2024〕5号' '在建工程'",
      issuer: '攀枝花市人民政府',
    });
    const [{ doc_no }] = await ds.query(`SELECT doc_no FROM search_match`);
    expect(doc_no).toBeGreaterThan(0);
    // Answered from the resident index, read from the carried-over rows.
    const engine = new PostgresSearchEngine(ds, { resident: 'awaited' });
    try {
      const result = await engine.search({ q: '在建工程', filters: {}, sort: 'relevance', page: 1, pageSize: 20 });
      expect(engine.residentAnswers).toBe(1);
      expect(result.total).toBe(1);
      expect(result.hits.map((h) => h.docNumber)).toEqual(['攀府发〔2024〕5号']);
      expect(result.facets).toEqual({
        category: { normative: 1 },
        status: { in_force: 1 },
        issuer: { 攀枝花市人民政府: 1 },
        year: { 2024: 1 },
      });
    } finally {
      await engine.close();
    }

    await migrate('down');
    const [back] = await ds.query(`SELECT tsv::text FROM search_document`);
    expect(back.tsv).toBe("'dn:攀府发〔2024〕5号' '在建工程' '安全'");
    await migrate('up');
  });
});
