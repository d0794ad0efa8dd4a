import { citedDocNumberKeys, docNumberKey } from './doc-number-key.js';

describe('docNumberKey', () => {
  it.each([
    '攀府发〔2024〕5号',
    '攀府发[2024]5号',
    '攀府发（2024）5号',
    '攀府发(2024)5号',
    '攀府发【2024】5号',
    '攀府发２０２４年５号',
    '攀府发2024年5号',
    '攀府发 〔2024〕 5 号',
    '攀府发〔2024〕第5号',
    '攀府发〔2024〕05号',
  ])('keys %s to 攀府发〔2024〕5号', (written) => {
    expect(docNumberKey(written)).toBe('攀府发〔2024〕5号');
  });

  it('keeps numbers of different serials and years apart', () => {
    expect(docNumberKey('攀府发〔2024〕15号')).toBe('攀府发〔2024〕15号');
    expect(docNumberKey('攀府发〔2023〕5号')).not.toBe(docNumberKey('攀府发〔2024〕5号'));
  });

  it('keys a government order without a year', () => {
    expect(docNumberKey('攀枝花市人民政府令第118号')).toBe('攀枝花市人民政府令第118号');
    expect(docNumberKey('攀枝花市人民政府令 118号')).toBe('攀枝花市人民政府令第118号');
  });

  it('gives no key for text that is not a document number', () => {
    expect(docNumberKey('养老服务补贴')).toBeNull();
    expect(docNumberKey('2024年5号')).toBeNull();
    expect(docNumberKey('')).toBeNull();
  });
});

describe('citedDocNumberKeys', () => {
  it('finds a number cited in running text', () => {
    const keys = citedDocNumberKeys('根据《关于印发的通知》（攀府发〔2024〕5号）和川办规[2023]12号的规定');
    expect(keys).toContain('攀府发〔2024〕5号');
    expect(keys).toContain('川办规〔2023〕12号');
  });
});
