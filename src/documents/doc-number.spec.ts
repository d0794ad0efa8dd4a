import { normaliseDocNumber } from './doc-number.js';

describe('normaliseDocNumber', () => {
  it.each([
    ['攀府发〔2024〕5号', '攀府发〔2024〕5号'],
    ['攀府发【2024】5号', '攀府发〔2024〕5号'],
    ['攀府发[2024]5号', '攀府发〔2024〕5号'],
    ['攀府发(2024)5号', '攀府发〔2024〕5号'],
    ['攀府发（2024）5号', '攀府发〔2024〕5号'],
    ['攀府发［2024］5号', '攀府发〔2024〕5号'],
    ['攀府发﹝2024﹞5号', '攀府发〔2024〕5号'],
    ['攀府规〔２０２５〕３号', '攀府规〔2025〕3号'],
    [' 攀府发 〔2024〕 5 号 ', '攀府发〔2024〕5号'],
    ['攀府发\u3000〔2024〕5号', '攀府发〔2024〕5号'],
    ['攀枝花市人民政府令第１１８号', '攀枝花市人民政府令第118号'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normaliseDocNumber(input)).toBe(expected);
  });

  it('leaves brackets that do not hold a year alone', () => {
    expect(normaliseDocNumber('川办函（试行）12号')).toBe('川办函（试行）12号');
  });

  it('is idempotent', () => {
    const once = normaliseDocNumber('攀府发【２０２４】５号');
    expect(normaliseDocNumber(once)).toBe(once);
  });
});
