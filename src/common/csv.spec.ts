import { csvCell, csvLine } from './csv.js';

describe('CSV cells', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    for (const start of ['+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(start).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('法制机构')).toBe('法制机构');
  });

  it('quotes commas, quotes and line breaks, and leaves numbers alone', () => {
    expect(csvLine(['a,b', 'say "hi"', 'x\ny', -3, null])).toBe('"a,b","say ""hi""","x\ny",-3,\r\n');
  });
});
