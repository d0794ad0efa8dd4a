import { bigrams, isCjk, plainTokens, queryTerms, searchTokens, termBigrams } from '../chinese-text.js';
import { citedDocNumberKeys, docNumberKey } from '../doc-number-key.js';
import type { SearchableDocument } from '../search-engine.js';

/**
 * tsvector and tsquery values for the PostgreSQL engine, built in the application from jieba tokens
 * (PostgreSQL's own parser does not segment Chinese) and sent as bound parameters cast to ::tsvector /
 * ::tsquery. Every lexeme is quoted and escaped here, so no user input is ever read as tsquery syntax.
 */

/** Highest position a tsvector stores, and most positions kept per lexeme (PostgreSQL limits). */
const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_LEXEME = 256;
/** PostgreSQL refuses lexemes of 2 KB or more; anything that long is not a word anyone searches for. */
const MAX_LEXEME_BYTES = 200;

/** A lexeme as a tsvector/tsquery literal: single-quoted, quotes doubled, backslashes escaped. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

const usable = (lexeme: string) => lexeme.length > 0 && Buffer.byteLength(lexeme) <= MAX_LEXEME_BYTES;

/** The lexeme under which a document (and every text citing it) is found by its 发文字号. */
export const docNumberLexeme = (key: string) => `dn:${key}`;

type Weight = 'A' | 'B' | 'C';

class WeightedVector {
  private readonly positions = new Map<string, string[]>();
  private next = 1;

  add(lexemes: string[], weight: Weight): void {
    for (const lexeme of lexemes) {
      if (!usable(lexeme)) continue;
      const position = Math.min(this.next++, MAX_POSITION);
      const list = this.positions.get(lexeme) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${position}${weight}`);
      this.positions.set(lexeme, list);
    }
  }

  lexemes(): Iterable<string> {
    return this.positions.keys();
  }

  toString(): string {
    return [...this.positions].map(([lexeme, pos]) => `${quoteLexeme(lexeme)}:${pos.join(',')}`).join(' ');
  }
}

const fieldLexemes = (text: string | null | undefined): string[] =>
  text ? [...searchTokens(text), ...bigrams(text)] : [];

export interface DocumentVectors {
  /** Title (A), 发文字号 and issuers (B), summary, keywords and topic (C), with positions: ranks matches. */
  head: string;
  /** Every lexeme of the document, body included (weight D), without positions: finds matches. */
  all: string;
  docNumberKey: string | null;
}

export function documentVectors(doc: SearchableDocument): DocumentVectors {
  const key = docNumberKey(doc.docNumber);
  const head = new WeightedVector();
  head.add(fieldLexemes(doc.title), 'A');
  head.add(
    [
      ...(key ? [docNumberLexeme(key)] : []),
      ...fieldLexemes(doc.docNumber),
      ...fieldLexemes(doc.issuer),
      ...doc.coIssuers.flatMap(fieldLexemes),
    ],
    'B',
  );
  head.add([...fieldLexemes(doc.summary), ...doc.keywords.flatMap(fieldLexemes), ...fieldLexemes(doc.topic)], 'C');
  const all = new Set<string>(head.lexemes());
  for (const lexeme of plainTokens(doc.body)) if (usable(lexeme)) all.add(lexeme);
  for (const lexeme of bigrams(doc.body)) all.add(lexeme);
  for (const cited of citedDocNumberKeys(`${doc.title}\n${doc.summary ?? ''}\n${doc.body}`)) {
    all.add(docNumberLexeme(cited));
  }
  return { head: head.toString(), all: [...all].map(quoteLexeme).join(' '), docNumberKey: key };
}

export interface TermQuery {
  /** The term anywhere in the document. */
  anywhere: string;
  /** The term in a field of that weight or a heavier one (A: title; B: 发文字号, issuers; C: summary…). */
  A: string;
  B: string;
  C: string;
}

export interface TextQuery {
  /** All terms must match (each as a word, or for a longer Han word, through all its bigrams). */
  all: string;
  /** Any term may match: the fallback when nobody has them all. */
  any: string | null;
  /** Each term on its own, for the field-weighted rank. */
  terms: TermQuery[];
  /** The 发文字号 key when the whole query is a document number. */
  docNumberKey: string | null;
  /** The query as typed, folded (NFKC, lower case), for whole-title and issuer matches. */
  phrase: string;
  /** What to mark in highlights: the query terms. */
  words: string[];
  /** For each of `words`, the bigrams that stand for it (coverBigrams; none for a short or non-Han word). */
  covers: string[][];
}

/** At most this many terms of a query count (a pasted paragraph is not a better query). */
const MAX_TERMS = 12;

/**
 * The bigrams that cover a long Han term without overlapping (在建工程 → 在建, 工程; 攀枝花市人民政府 → 攀枝,
 * 花市, 人民, 政府; an odd last character pairs with the one before it). Every character is required, as
 * with all of the bigrams, but each is looked up in the index about half as often: broad terms (an
 * issuer's name) match most documents, and each bigram's list of them is long.
 */
export function coverBigrams(term: string): string[] {
  const all = termBigrams(term);
  const cover = all.filter((_, i) => i % 2 === 0);
  if (all.length && all.length % 2 === 0) cover.push(all[all.length - 1]);
  return cover;
}

/** A term as a tsquery: its own lexeme, or all of its covering bigrams (ResidentIndex reads it the same way). */
function termQuery(term: string, weight = ''): string {
  const w = (lexeme: string) => `${quoteLexeme(lexeme)}${weight ? `:${weight}` : ''}`;
  const parts = coverBigrams(term);
  return parts.length ? `(${w(term)} | (${parts.map(w).join(' & ')}))` : w(term);
}

/** The tsquery for what a user typed; null when it holds nothing searchable (punctuation only). */
export function textQuery(q: string): TextQuery | null {
  const phrase = q.normalize('NFKC').toLowerCase().trim();
  const key = docNumberKey(q);
  if (key) {
    const lexeme = quoteLexeme(docNumberLexeme(key));
    return {
      all: lexeme,
      any: null,
      terms: [{ anywhere: lexeme, A: `${lexeme}:A`, B: `${lexeme}:AB`, C: `${lexeme}:ABC` }],
      docNumberKey: key,
      phrase,
      words: queryTerms(q),
      covers: [],
    };
  }
  const words = queryTerms(q).filter(usable).slice(0, MAX_TERMS);
  if (!words.length) return null;
  const terms = words.map((t) => ({
    anywhere: termQuery(t),
    A: termQuery(t, 'A'),
    B: termQuery(t, 'AB'),
    C: termQuery(t, 'ABC'),
  }));
  return {
    all: terms.map((t) => t.anywhere).join(' & '),
    any: terms.length > 1 ? terms.map((t) => t.anywhere).join(' | ') : null,
    terms,
    docNumberKey: null,
    phrase,
    words,
    covers: words.map(coverBigrams),
  };
}

/**
 * What to look for in a body to place its excerpt: the terms themselves first; only in a body that holds
 * none of them (it matched through the bigrams of a long term), those bigrams. As the highlighter does.
 */
export function excerptNeedles(terms: string[]): { terms: string[]; bigrams: string[] } {
  return {
    terms: [...new Set(terms)],
    bigrams: [...new Set(terms.flatMap((t) => (isCjk(t) ? termBigrams(t) : [])))],
  };
}
