/**
 * 发文字号 normalisation (SPEC 2): the year's brackets become 〔〕 whatever the
 * writer typed (【】 [] () （） ［］ ﹝﹞), full-width digits become ASCII, and
 * spaces (including the ideographic space) go.
 */
const FULL_WIDTH_DIGIT = /[\uFF10-\uFF19]/g;
const WHITESPACE = /[\s\u3000\u00A0]+/g;
const BRACKETED_YEAR = /[【[(（［〔﹝{｛](\d{4})[】\])）］〕﹞}｝]/g;

export function normaliseDocNumber(raw: string): string {
  return raw
    .replace(WHITESPACE, '')
    .replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(BRACKETED_YEAR, '〔$1〕');
}
