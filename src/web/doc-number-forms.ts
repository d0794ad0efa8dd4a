import { normaliseDocNumber } from '../documents/doc-number.js';
import { docNumberKey } from '../search/doc-number-key.js';

/**
 * The written forms a stored 发文字号 may have for a number typed in any form (攀府发[2024]5号, 攀府发2024年5号,
 * full-width digits, 第5号…): the normalised text, its key (攀府发〔2024〕5号) and the key with 第 before the
 * serial (攀府发〔2024〕第5号; 令第118号 also without 第).
 */
export function docNumberForms(raw: string): { forms: string[]; key: string | null } {
  const forms = new Set<string>([normaliseDocNumber(raw.normalize('NFKC').trim())]);
  const key = docNumberKey(raw);
  if (key) {
    forms.add(key);
    const withYear = /^(.*〔\d{4}〕)(\d+)号$/.exec(key);
    if (withYear) forms.add(`${withYear[1]}第${withYear[2]}号`);
    const order = /^(.*令)第(\d+)号$/.exec(key);
    if (order) forms.add(`${order[1]}${order[2]}号`);
  }
  return { forms: [...forms].filter(Boolean), key };
}
