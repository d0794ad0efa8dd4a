import { coverBigrams, documentVectors, quoteLexeme, textQuery } from './pg-text-search.js';

describe('tsvector and tsquery values', () => {
  it('quotes every lexeme, doubling quotes and escaping backslashes', () => {
    expect(quoteLexeme("it's")).toBe("'it''s'");
    expect(quoteLexeme('a\\b')).toBe("'a\\\\b'");
    expect(quoteLexeme("x' | 'y")).toBe("'x'' | ''y'");
  });

  it('makes each query term a quoted lexeme, a long Han word also the bigrams that cover it', () => {
    expect(textQuery('在建工程 安全')).toMatchObject({
      all: "('在建工程' | ('在建' & '工程')) & '安全'",
      any: "('在建工程' | ('在建' & '工程')) | '安全'",
      docNumberKey: null,
    });
  });

  it('covers every character of a long term with as few bigrams as possible', () => {
    expect(coverBigrams('在建工程')).toEqual(['在建', '工程']);
    expect(coverBigrams('营商环境好')).toEqual(['营商', '环境', '境好']);
    expect(coverBigrams('攀枝花市人民政府')).toEqual(['攀枝', '花市', '人民', '政府']);
    expect(coverBigrams('工程')).toEqual([]);
  });

  it('turns tsquery syntax typed by a user into nothing but quoted words', () => {
    const q = textQuery("工程' | !'养老' & (a:*) <-> b\\")!;
    // Outside the quoted lexemes only the operators the builder writes itself remain.
    const outside = q.all.replace(/'(?:[^']|'')*'/g, 'L');
    expect(outside).toMatch(/^[L&|() ]+$/);
    expect(textQuery('!!! ()')).toBeNull();
  });

  it('asks for the 发文字号 lexeme when the query is a document number', () => {
    expect(textQuery('攀府发2024年5号')).toMatchObject({
      all: "'dn:攀府发〔2024〕5号'",
      docNumberKey: '攀府发〔2024〕5号',
    });
  });

  it('weights the title A, the number and issuer B, the summary C, and keeps the body out of the ranked vector', () => {
    const v = documentVectors({
      id: 'x',
      title: '养老服务',
      docNumber: '攀府规〔2023〕2号',
      issuer: '攀枝花市人民政府',
      coIssuers: [],
      category: 'normative',
      status: 'in_force',
      publishedOn: '2023-05-10',
      topic: null,
      keywords: [],
      summary: '补贴',
      body: '在建工程',
      version: 1,
    });
    expect(v.head).toContain("'养老':1A");
    expect(v.head).toContain("'dn:攀府规〔2023〕2号':");
    expect(v.head).toMatch(/'补贴':\d+C/);
    expect(v.head).not.toContain('在建工程');
    expect(v.all).toContain("'在建工程'");
    expect(v.all).toContain("'建工'");
  });
});
