import type { Task } from 'meilisearch';
import { SearchEngineError, type SearchableDocument } from '../search-engine.js';
import { assertSucceeded } from './meilisearch-search.engine.js';
import {
  dayNumber,
  filterExpression,
  filterString,
  MEILISEARCH_SETTINGS,
  toMeilisearchDocument,
} from './meilisearch-settings.js';

const doc: SearchableDocument = {
  id: '0b6f1f4e-8f0a-4c2e-9a51-3f7a2d1c9e11',
  title: '关于加强在建工程安全管理的通知',
  docNumber: '攀府发〔2024〕5号',
  issuer: '攀枝花市人民政府',
  coIssuers: ['攀枝花市住房和城乡建设局'],
  category: 'normative',
  status: 'expired',
  publishedOn: '2024-03-01',
  topic: '城乡建设、环境保护\\建筑业',
  keywords: ['安全', '工程'],
  summary: null,
  body: '根据川办规〔2023〕12号的规定……',
  version: 3,
};

describe('Meilisearch settings', () => {
  it('segments every field as Mandarin and knows the domain words', () => {
    expect(MEILISEARCH_SETTINGS.localizedAttributes).toEqual([{ attributePatterns: ['*'], locales: ['cmn'] }]);
    expect(MEILISEARCH_SETTINGS.dictionary).toEqual(expect.arrayContaining(['攀府发', '川府规', '行政规范性文件']));
  });

  it('searches the 发文字号 key first, then the title, and the body last', () => {
    const order = MEILISEARCH_SETTINGS.searchableAttributes!;
    expect(order[0]).toBe('docNumberKey');
    expect(order.indexOf('title')).toBeLessThan(order.indexOf('summary'));
    expect(order[order.length - 1]).toBe('body');
  });

  it('ranks in-force documents first at equal relevance, after the default rules', () => {
    expect(MEILISEARCH_SETTINGS.rankingRules).toEqual([
      'words',
      'typo',
      'proximity',
      'attribute',
      'sort',
      'exactness',
      'statusRank:desc',
    ]);
  });

  it('turns typo tolerance off for document numbers and numbers, and bounds the hits', () => {
    expect(MEILISEARCH_SETTINGS.typoTolerance).toEqual({
      disableOnAttributes: ['docNumber', 'docNumberKey'],
      disableOnNumbers: true,
    });
    expect(MEILISEARCH_SETTINGS.pagination?.maxTotalHits).toBe(10_000);
  });

  it('can filter and sort on what the API offers', () => {
    expect(MEILISEARCH_SETTINGS.filterableAttributes).toEqual(
      expect.arrayContaining(['category', 'status', 'issuer', 'year', 'publishedAt', 'docNumberKey']),
    );
    expect(MEILISEARCH_SETTINGS.sortableAttributes).toEqual(['publishedAt']);
  });
});

describe('Meilisearch document mapping', () => {
  it('keeps the UUID as the id, dates as sortable day numbers, the 发文字号 key and cited numbers', () => {
    const m = toMeilisearchDocument(doc);
    expect(m).toMatchObject({
      id: doc.id,
      docNumberKey: '攀府发〔2024〕5号',
      citedDocNumberKeys: expect.arrayContaining(['川办规〔2023〕12号']),
      publishedOn: '2024-03-01',
      publishedAt: dayNumber('2024-03-01'),
      year: 2024,
      status: 'expired',
      statusRank: 0,
    });
    expect(/^[\w-]{1,511}$/.test(m.id)).toBe(true);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2024-03-02') - dayNumber('2024-03-01')).toBe(1);
  });

  it('leaves the date fields empty when there is no publication date', () => {
    expect(toMeilisearchDocument({ ...doc, publishedOn: null })).toMatchObject({ publishedAt: null, year: null });
  });
});

describe('Meilisearch filter expressions', () => {
  it('builds one condition a filter, values quoted', () => {
    expect(
      filterExpression({
        category: 'normative',
        status: 'in_force',
        issuer: '攀枝花市人民政府',
        year: 2024,
        from: '2024-01-01',
        to: '2024-12-31',
      }),
    ).toEqual([
      'category = "normative"',
      'status = "in_force"',
      'issuer = "攀枝花市人民政府"',
      'year = 2024',
      `publishedAt >= ${dayNumber('2024-01-01')}`,
      `publishedAt <= ${dayNumber('2024-12-31')}`,
    ]);
  });

  it.each([
    ['" OR status = "repealed', '"\\" OR status = \\"repealed"'],
    ['x" OR 1=1 OR issuer = "', '"x\\" OR 1=1 OR issuer = \\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['\\" OR year = 2024 OR "', '"\\\\\\" OR year = 2024 OR \\""'],
    ["'single' (quotes) AND NOT", '"\'single\' (quotes) AND NOT"'],
  ])('keeps hostile input %j inside one string literal', (hostile, literal) => {
    expect(filterString(hostile)).toBe(literal);
    // Reading the literal back the way Meilisearch does gives the input, and the literal ends only at its end.
    const body = literal.slice(1, -1);
    expect(body.replace(/\\(.)/g, '$1')).toBe(hostile);
    expect(/(^|[^\\])(\\\\)*"/.test(body)).toBe(false);
  });

  it('refuses a date or year that is not one instead of writing it into the filter', () => {
    expect(() => filterExpression({ from: '2024-01-01 OR 1 = 1' })).toThrow(RangeError);
    expect(() => filterExpression({ year: Number.NaN })).toThrow(RangeError);
  });
});

describe('Meilisearch tasks', () => {
  const task = (over: Partial<Task>) => ({ uid: 7, status: 'succeeded', error: null, ...over }) as Task;

  it('accepts a task that succeeded', () => {
    expect(() => assertSucceeded(task({}), 'add documents')).not.toThrow();
  });

  it('treats a failed task as a failure, permanent when the request was invalid', () => {
    const invalid = task({
      status: 'failed',
      error: { code: 'invalid_document_id', type: 'invalid_request', message: 'bad id', link: '' },
    });
    expect(() => assertSucceeded(invalid, 'add documents')).toThrow(SearchEngineError);
    try {
      assertSucceeded(invalid, 'add documents');
    } catch (e) {
      expect((e as SearchEngineError).permanent).toBe(true);
      expect((e as Error).message).toContain('invalid_document_id');
    }
    const internal = task({ status: 'failed', error: { code: 'internal', type: 'internal', message: 'x', link: '' } });
    try {
      assertSucceeded(internal, 'add documents');
    } catch (e) {
      expect((e as SearchEngineError).permanent).toBe(false);
    }
    expect(() => assertSucceeded(task({ status: 'canceled' }), 'swap')).toThrow(SearchEngineError);
  });
});
