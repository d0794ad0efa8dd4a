import { normaliseDocNumber } from '../documents/doc-number.js';

/**
 * The key a 发文字号 is matched on, whatever form it was written in. `normaliseDocNumber` already turns
 * every bracket around the year into 〔〕 and full-width digits into ASCII; the key also accepts the year
 * written without brackets or with 年 (攀府发2024年5号, 攀府发 2024 5 号) and drops a leading 第 before the
 * serial number, so all of these give `攀府发〔2024〕5号`:
 *   攀府发〔2024〕5号 · 攀府发[2024]5号 · 攀府发（2024）5号 · 攀府发【2024】5号 · 攀府发2024年5号 · 攀府发〔2024〕第5号
 * A number without a year (攀枝花市人民政府令第118号) keys to its normalised form.
 */
const WITH_YEAR =
  /^(?<code>[\p{Script=Han}A-Za-z]{1,20}?)(?:〔(?<y1>(?:19|20)\d{2})〕|(?<y2>(?:19|20)\d{2})年?)第?(?<serial>\d{1,5})号$/u;
const ORDER = /^(?<body>[\p{Script=Han}]{2,30}?令)第?(?<serial>\d{1,5})号$/u;

export function docNumberKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const n = normaliseDocNumber(raw.normalize('NFKC').trim());
  const m = WITH_YEAR.exec(n);
  if (m?.groups) {
    const g = m.groups;
    return `${g.code}〔${g.y1 ?? g.y2}〕${Number(g.serial)}号`;
  }
  const o = ORDER.exec(n);
  if (o?.groups) return `${o.groups.body}第${Number(o.groups.serial)}号`;
  return null;
}

/** Whether a query is, as a whole, a 发文字号 (and so should find that document first). */
export function queryDocNumberKey(query: string): string | null {
  return docNumberKey(query);
}

/**
 * 发文字号 cited inside a text (根据攀府发〔2024〕5号…), as keys. Only the bracketed form is looked for in
 * running text (an unbracketed year is too easily part of something else). Where the 机关代字 starts is
 * unknown (根据攀府发…), so every tail of two to six Han characters before the bracket gives a key; the
 * wrong ones (据攀府发〔2024〕5号) cost an index entry and are never searched for.
 */
const CITED = /(\p{Script=Han}{2,6})[〔[(（【［﹝]((?:19|20)\d{2})[〕\])）】］﹞]第?(\d{1,5})号/gu;

export function citedDocNumberKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const m of text.normalize('NFKC').matchAll(CITED)) {
    const chars = Array.from(m[1]);
    for (let start = 0; start <= chars.length - 2; start++) {
      keys.add(`${chars.slice(start).join('')}〔${m[2]}〕${Number(m[3])}号`);
    }
  }
  return Array.from(keys);
}
