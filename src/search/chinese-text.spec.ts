import { bigrams, queryTerms, searchTokens, termBigrams } from './chinese-text.js';

describe('Chinese text for search', () => {
  it('keeps domain words whole and emits their parts in search mode', () => {
    const tokens = searchTokens('攀枝花市人民政府关于印发《攀枝花市行政规范性文件管理办法》的通知');
    expect(tokens).toEqual(expect.arrayContaining(['攀枝花市', '人民政府', '行政规范性文件', '规范性', '管理办法']));
    expect(tokens).not.toContain('《');
  });

  it('keeps a 机关代字 as one token', () => {
    expect(searchTokens('攀府发〔2024〕5号')).toEqual(['攀府发', '2024', '5', '号']);
  });

  it('normalises full-width letters and digits and lower-cases', () => {
    expect(searchTokens('ＡＢＣ２０２４ Covid')).toEqual(expect.arrayContaining(['covid']));
  });

  it('makes bigrams of Han runs only', () => {
    expect(bigrams('在建工程 ABC 令')).toEqual(['在建', '建工', '工程', '令']);
    expect(termBigrams('在建工程')).toEqual(['在建', '建工', '工程']);
    expect(termBigrams('工程')).toEqual([]);
  });

  it('drops single characters from a query unless nothing else is left', () => {
    expect(queryTerms('关于 在建工程 的 安全')).toEqual(['关于', '在建工程', '安全']);
    expect(queryTerms('令')).toEqual(['令']);
  });
});
