/**
 * CSV as spreadsheet programs read it (RFC 4180, UTF-8 with a byte-order mark so that Excel shows Chinese),
 * with every text cell that a spreadsheet would take for a formula neutralised. A cell starting with `=`, `+`,
 * `-`, `@`, a tab or a carriage return (`=HYPERLINK("http://…")` in a title or an issuer's name) is written
 * with a leading apostrophe, which spreadsheets show as text and do not evaluate. Every export writes its
 * cells through here.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One cell. Numbers and booleans are written as they are (a negative number is not a formula). */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to a CSV document: CRLF line ends, a final CRLF, and the byte-order mark unless `bom: false`. */
export function toCsv(rows: readonly (readonly CsvValue[])[], options: { bom?: boolean } = {}): string {
  const body = rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return options.bom === false ? body : `\uFEFF${body}`;
}
