/**
 * CSV for spreadsheets (RFC 4180, CRLF lines; a UTF-8 byte order mark so Excel reads Chinese). A cell that a
 * spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) is written with a
 * leading apostrophe, so `=HYPERLINK(…)` shows as text instead of acting.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: CsvValue[]): string => values.map(csvCell).join(',') + '\r\n';

export const CSV_BOM = '\uFEFF';
