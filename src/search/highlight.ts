import { isCjk, normaliseToken, termBigrams, words } from './chinese-text.js';
import type { BodyExcerpt } from './search-engine.js';

/**
 * Highlights for search hits, cut on word boundaries: the text is segmented with jieba, every word that
 * overlaps an occurrence of a query term is marked whole (工程 inside the word 在建工程 marks 在建工程, never
 * half a word), adjacent marked words share one <em>, and a body fragment starts and ends between words.
 * The result is HTML: the text is escaped, only <em> and </em> are added.
 */
export const MARK_OPEN = '<em>';
export const MARK_CLOSE = '</em>';
/** Characters of body a fragment shows at most (about two lines). */
export const FRAGMENT_LENGTH = 100;
/** Characters of context shown before the first match. */
const LEAD = 24;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SPECIAL = /[&<>"']/;
export const escapeHtml = (s: string) => (SPECIAL.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c]) : s);

/** Latin capitals and full-width forms: what case- and width-folding changes. */
const FOLDABLE = /[A-Z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u00C0-\u00DE]/;

interface Word {
  text: string;
  start: number;
  end: number;
}

function segment(text: string): Word[] {
  const out: Word[] = [];
  let at = 0;
  for (const w of words(text)) {
    out.push({ text: w, start: at, end: at + w.length });
    at += w.length;
  }
  return out;
}

/** Character ranges of the terms in a text (case- and width-insensitive); bigrams of a long term if it is absent. */
function occurrences(text: string, terms: string[]): [number, number][] {
  // NFKC can change lengths (ligatures), so match on a per-character fold that keeps positions; most
  // Chinese text has nothing to fold.
  const folded = FOLDABLE.test(text)
    ? Array.from(text)
        .map((c) => (c.length === 1 ? (normaliseToken(c) || c).slice(0, 1) : c))
        .join('')
    : text;
  const find = (needles: string[]) => {
    const ranges: [number, number][] = [];
    for (const needle of needles) {
      if (!needle) continue;
      for (let i = folded.indexOf(needle); i !== -1; i = folded.indexOf(needle, i + 1))
        ranges.push([i, i + needle.length]);
    }
    return ranges;
  };
  const ranges = find(terms);
  const missing = terms.filter((t) => isCjk(t) && !folded.includes(t));
  return ranges.concat(find(missing.flatMap(termBigrams)));
}

function marked(text: string, wordsOf: Word[], ranges: [number, number][], from: number, to: number): string {
  let html = '';
  let open = false;
  for (const w of wordsOf) {
    if (w.end <= from || w.start >= to) continue;
    const hit = ranges.some(([s, e]) => s < w.end && e > w.start);
    if (hit && !open) html += MARK_OPEN;
    if (!hit && open) html += MARK_CLOSE;
    open = hit;
    html += escapeHtml(text.slice(Math.max(w.start, from), Math.min(w.end, to)));
  }
  return open ? html + MARK_CLOSE : html;
}

/** The whole title with its matching words marked. */
export function highlightTitle(title: string, terms: string[]): string {
  const ranges = terms.length ? occurrences(title, terms) : [];
  // Nothing to mark: the words would only be joined back together.
  if (!ranges.length) return escapeHtml(title);
  return marked(title, segment(title), ranges, 0, title.length);
}

/**
 * A fragment of the body around the first match (or its beginning), at most FRAGMENT_LENGTH characters,
 * starting and ending between words, with … where the body goes on.
 */
export function highlightFragment(excerpt: BodyExcerpt, terms: string[]): string {
  const whole = excerpt.text.replace(/\s+/g, ' ');
  if (!whole.trim()) return '';
  // Segment only the stretch the fragment can come from: the first match and what surrounds it.
  const firstAt = terms.length ? Math.min(...occurrences(whole, terms).map(([s]) => s), Infinity) : 0;
  const windowStart = Number.isFinite(firstAt) ? Math.max(0, firstAt - LEAD - 8) : 0;
  const text = whole.slice(windowStart, windowStart + LEAD + FRAGMENT_LENGTH + 24);
  const atStart = excerpt.atStart && windowStart === 0;
  const atEnd = excerpt.atEnd && windowStart + text.length >= whole.length;
  const all = segment(text);
  // The engine's excerpt may begin or end mid-word: drop the partial words at cut edges.
  const inner = all.filter((w, i) => (atStart || i > 0) && (atEnd || i < all.length - 1));
  const wordsOf = inner.length ? inner : all;
  const ranges = terms.length ? occurrences(text, terms) : [];
  const first = ranges.length ? Math.min(...ranges.map(([s]) => s)) : 0;
  let startIndex = wordsOf.findIndex((w) => w.end > first - LEAD);
  if (startIndex < 0) startIndex = 0;
  const from = wordsOf[startIndex].start;
  let to = from;
  for (let i = startIndex; i < wordsOf.length && wordsOf[i].end - from <= FRAGMENT_LENGTH; i++) to = wordsOf[i].end;
  if (to === from) to = Math.min(wordsOf[startIndex].end, from + FRAGMENT_LENGTH);
  const before = from > 0 || !atStart ? '…' : '';
  const after = to < text.length || !atEnd ? '…' : '';
  return `${before}${marked(text, wordsOf, ranges, from, to).trim()}${after}`;
}
