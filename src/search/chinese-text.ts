import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { domainDictionary } from './domain-dictionary.js';

/**
 * Chinese text for search: jieba segmentation (general dictionary plus the domain dictionary),
 * normalised tokens, and character bigrams for recall of a word inside a longer word.
 *
 * Both engines see the same tokens: the PostgreSQL engine stores them as tsvector lexemes, the
 * highlighter marks them in titles and bodies.
 */
let jieba: Jieba | undefined;

/** The segmenter, built once (loading the dictionaries takes ~150 ms). */
export function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(domainDictionary());
  }
  return jieba;
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
/** A token worth indexing holds a letter, a digit or a Han character. */
const MEANINGFUL = /[\p{L}\p{N}]/u;

export const isCjk = (s: string) => CJK.test(s);

/** Full-width forms to ASCII, lower case; what every token and query term goes through. */
export function normaliseToken(token: string): string {
  return token.normalize('NFKC').toLowerCase().trim();
}

/**
 * Index tokens: jieba's precise cut, plus every dictionary word inside a longer token (search mode
 * proper only adds the two- and three-character parts, so 人民政府 inside 攀枝花市人民政府 would be
 * missed), normalised, without punctuation.
 */
export function searchTokens(text: string): string[] {
  if (!text) return [];
  const j = segmenter();
  const out: string[] = [];
  for (const raw of j.cut(text, true)) {
    const t = normaliseToken(raw);
    if (!t || !MEANINGFUL.test(t)) continue;
    out.push(t);
    if (Array.from(t).length > 2 && isCjk(t)) {
      for (const part of j.cutAll(t)) if (part !== t && Array.from(part).length > 1) out.push(part);
    }
  }
  return out;
}

/**
 * Precise-cut tokens only, normalised, without punctuation: for long texts (bodies), where the bigrams
 * already give every two-character part and the dictionary parts would only add bulk.
 */
export function plainTokens(text: string): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const raw of segmenter().cut(text, true)) {
    const t = normaliseToken(raw);
    if (t && MEANINGFUL.test(t)) out.push(t);
  }
  return out;
}

/** Every pair of adjacent Han characters, and lone Han characters as they are. */
export function bigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.normalize('NFKC').match(CJK_RUN) ?? []) {
    const chars = Array.from(run);
    if (chars.length === 1) out.push(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  return out;
}

/** The bigrams a term is made of: 在建工程 → 在建, 建工, 工程. */
export function termBigrams(term: string): string[] {
  const chars = Array.from(term);
  if (chars.length <= 2 || !chars.every((c) => CJK.test(c))) return [];
  return chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
}

/**
 * The terms of a query: jieba's precise cut (not search mode: a query word is matched whole, or through
 * its bigrams), normalised, punctuation dropped. Single Han characters carry little meaning and match
 * no index entry of their own, so they are dropped unless nothing else is left.
 */
export function queryTerms(query: string): string[] {
  const tokens = segmenter()
    .cut(query, true)
    .map(normaliseToken)
    .filter((t) => t && MEANINGFUL.test(t));
  const unique = [...new Set(tokens)];
  const substantial = unique.filter((t) => !(isCjk(t) && Array.from(t).length === 1));
  return substantial.length ? substantial : unique;
}

/** Words of a text in reading order (precise cut), for highlighting on word boundaries. */
export function words(text: string): string[] {
  return text ? segmenter().cut(text, true) : [];
}
