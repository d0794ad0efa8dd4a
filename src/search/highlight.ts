import { isCjk, normaliseToken, termBigrams, words } from './chinese-text.js';
import type { BodyExcerpt } from './search-engine.js';

/**
 * Highlights for search hits, cut on word boundaries: the text is segmented with jieba, every word that
 * overlaps an occurrence of a query term is marked whole (工程 inside the word 在建工程 marks 在建工程, never
 * half a word), adjacent marked words share one <em>, and a body fragment starts and ends between words.
 * The result is HTML: the text is escaped, only <em> and </em> are added.
 *
 * Segmenting is most of what highlighting costs, so only the stretches of text that decide something are
 * segmented (those around a match and around a fragment's two cut points; see Segmentation), and a page's
 * hits are segmented together, in one call to jieba (highlightHits).
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
  start: number;
  end: number;
}

/**
 * Full-width punctuation, which jieba never joins to a neighbouring character: it segments the runs of text
 * between these characters each on its own, so a run can be segmented apart from the rest of the text and its
 * words are the same (a test holds this against segmenting whole texts).
 */
const SEPARATORS = /[\u3001\u3002\u3008-\u3011\u2018\u2019\u201c\u201d\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f]/g;
/** What joins the runs of a page's hits for one call to jieba: a separator, so each run is cut as if alone. */
const JOIN = '\uff0c';

/**
 * The words of a text, segmented run by run where they are asked for: marking needs word boundaries only in
 * the runs that hold a match, a fragment's cut points only in the runs they fall in.
 */
class Segmentation {
  private readonly runs = new Map<number, Word[]>();
  /** Where the separators are, in order. */
  private readonly separators: number[] = [];

  constructor(readonly text: string) {
    for (const m of text.matchAll(SEPARATORS)) this.separators.push(m.index);
  }

  /** The run of text holding character i: between separators, or the separator alone. */
  runAt(i: number): Run {
    const at = this.separators;
    // The first separator at or after i.
    let lo = 0;
    for (let hi = at.length; lo < hi;) {
      const mid = (lo + hi) >>> 1;
      if (at[mid] < i) lo = mid + 1;
      else hi = mid;
    }
    if (at[lo] === i) return { start: i, end: i + 1, alone: true };
    return { start: lo > 0 ? at[lo - 1] + 1 : 0, end: lo < at.length ? at[lo] : this.text.length, alone: false };
  }

  /** Whether the words of this run are known (segmented already, or a separator). */
  has(run: Run): boolean {
    return run.alone || this.runs.has(run.start);
  }

  /** Gives the run its words, as jieba cut them. */
  provide(run: Run, cut: string[]): void {
    const out: Word[] = [];
    let at = run.start;
    for (const w of cut) {
      out.push({ start: at, end: at + w.length });
      at += w.length;
    }
    this.runs.set(run.start, out);
  }

  /** The words of a run (segmented now if no batch provided them). */
  wordsOf(run: Run): Word[] {
    if (run.alone) return [{ start: run.start, end: run.end }];
    if (!this.runs.has(run.start)) this.provide(run, words(this.text.slice(run.start, run.end)));
    return this.runs.get(run.start)!;
  }

  /** The word holding character i (0 <= i < text.length). */
  wordAt(i: number): Word {
    return this.wordsOf(this.runAt(i)).find((w) => w.end > i)!;
  }

  /** The runs that overlap [from, to). */
  runsIn(from: number, to: number): Run[] {
    const out: Run[] = [];
    for (let at = Math.max(0, from); at < Math.min(to, this.text.length);) {
      const run = this.runAt(at);
      out.push(run);
      at = run.end;
    }
    return out;
  }
}

interface Run {
  start: number;
  end: number;
  /** A separator: a word of its own. */
  alone: boolean;
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

/**
 * The text from `from` to `to` as HTML, every word that overlaps a match marked whole, adjacent marked words
 * in one mark. A run without a match is copied as it is: none of its words would be marked.
 */
function marked(seg: Segmentation, ranges: [number, number][], from: number, to: number): string {
  const { text } = seg;
  const overlaps = (start: number, end: number) => ranges.some(([s, e]) => s < end && e > start);
  let html = '';
  let open = false;
  for (const run of seg.runsIn(from, to)) {
    const runFrom = Math.max(run.start, from);
    const runTo = Math.min(run.end, to);
    if (!overlaps(run.start, run.end)) {
      if (open) html += MARK_CLOSE;
      open = false;
      html += escapeHtml(text.slice(runFrom, runTo));
      continue;
    }
    for (const w of seg.wordsOf(run)) {
      if (w.end <= runFrom || w.start >= runTo) continue;
      const hit = overlaps(w.start, w.end);
      if (hit && !open) html += MARK_OPEN;
      if (!hit && open) html += MARK_CLOSE;
      open = hit;
      html += escapeHtml(text.slice(Math.max(w.start, runFrom), Math.min(w.end, runTo)));
    }
  }
  return open ? html + MARK_CLOSE : html;
}

/** A highlight worked out up to the point where words are needed: `runs` are those it will ask for. */
interface Pending {
  seg: Segmentation;
  runs: Run[];
  finish(): string;
}

function pendingTitle(title: string, terms: string[]): Pending | string {
  const ranges = terms.length ? occurrences(title, terms) : [];
  // Nothing to mark: the words would only be joined back together.
  if (!ranges.length) return escapeHtml(title);
  const seg = new Segmentation(title);
  return {
    seg,
    runs: ranges.flatMap(([s, e]) => seg.runsIn(s, e)),
    finish: () => marked(seg, ranges, 0, title.length),
  };
}

function pendingFragment(excerpt: BodyExcerpt, terms: string[]): Pending | string {
  const whole = excerpt.text.replace(/\s+/g, ' ');
  if (!whole.trim()) return '';
  // Only the stretch the fragment can come from: the first match and what surrounds it.
  const firstAt = terms.length ? Math.min(...occurrences(whole, terms).map(([s]) => s), Infinity) : 0;
  const windowStart = Number.isFinite(firstAt) ? Math.max(0, firstAt - LEAD - 8) : 0;
  const text = whole.slice(windowStart, windowStart + LEAD + FRAGMENT_LENGTH + 24);
  const atStart = excerpt.atStart && windowStart === 0;
  const atEnd = excerpt.atEnd && windowStart + text.length >= whole.length;
  const seg = new Segmentation(text);
  const ranges = terms.length ? occurrences(text, terms) : [];
  const first = ranges.length ? Math.min(...ranges.map(([s]) => s)) : 0;
  const lead = first - LEAD;
  // Where the words at the cut edges may end, without segmenting them: lo is at most loMax, hi at least hiMin.
  const edge = seg.runAt(0);
  const last = seg.runAt(text.length - 1);
  const loMax = atStart ? 0 : edge.end;
  const hiMin = atEnd ? text.length : last.start;
  // A lead between them is sure to be in [lo, hi): the edge words need not be known to place the start.
  const leadInside = loMax < hiMin && lead >= loMax && lead < hiMin;
  const finish = () => {
    // The engine's excerpt may begin or end mid-word: the words at cut edges are left out (unless that
    // leaves nothing). Words tile the text, so what is left is [lo, hi).
    let lo = 0;
    let hi = text.length;
    let known = false;
    const edges = () => {
      lo = atStart ? 0 : seg.wordAt(0).end;
      hi = atEnd ? text.length : seg.wordAt(text.length - 1).start;
      if (lo >= hi) [lo, hi] = [0, text.length];
      known = true;
    };
    if (!leadInside) edges();
    // The first word that ends after LEAD characters before the first match...
    const startWord = seg.wordAt(leadInside || (lead >= lo && lead < hi) ? lead : lo);
    const from = startWord.start;
    // ...to the last whole word within FRAGMENT_LENGTH characters (cut, if that first word is longer).
    const limit = from + FRAGMENT_LENGTH;
    if (!known && limit >= hiMin) edges();
    let to = known && hi <= limit ? hi : seg.wordAt(limit).start;
    if (to === from) to = Math.min(startWord.end, limit);
    const before = from > 0 || !atStart ? '…' : '';
    const after = to < text.length || !atEnd ? '…' : '';
    return `${before}${marked(seg, ranges, from, to).trim()}${after}`;
  };
  // The runs finish() will ask words of (more is harmless; a run missed is segmented on its own): where
  // the fragment starts, where it may end, those with a match, and the edges when they are needed.
  const minFrom = leadInside ? seg.runAt(lead).start : 0;
  const maxFrom = leadInside ? lead : Math.max(Math.min(lead, text.length - 1), loMax);
  const runs = [
    ...(leadInside && maxFrom + FRAGMENT_LENGTH < hiMin ? [] : [edge, last]),
    ...(lead >= 0 && lead < text.length ? [seg.runAt(lead)] : []),
    ...seg.runsIn(minFrom + FRAGMENT_LENGTH, maxFrom + FRAGMENT_LENGTH + 1),
    ...ranges.flatMap(([s, e]) => seg.runsIn(s, e)),
  ];
  return { seg, runs, finish };
}

/** Segments the runs the highlights will ask for, all in one call to jieba. */
function segmentTogether(pending: Pending[]): void {
  const wanted: { seg: Segmentation; run: Run }[] = [];
  for (const p of pending) {
    const listed = new Set<number>();
    for (const run of p.runs) {
      if (p.seg.has(run) || listed.has(run.start)) continue;
      listed.add(run.start);
      wanted.push({ seg: p.seg, run });
    }
  }
  if (!wanted.length) return;
  // Runs hold no separator, so every JOIN jieba gives back is where one run ends and the next begins.
  const cut = words(wanted.map(({ seg, run }) => seg.text.slice(run.start, run.end)).join(JOIN));
  let k = 0;
  let current: string[] = [];
  for (const w of cut) {
    if (w !== JOIN) {
      current.push(w);
      continue;
    }
    wanted[k].seg.provide(wanted[k].run, current);
    k++;
    current = [];
  }
  wanted[k].seg.provide(wanted[k].run, current);
}

/** The whole title with its matching words marked. */
export function highlightTitle(title: string, terms: string[]): string {
  const p = pendingTitle(title, terms);
  return typeof p === 'string' ? p : p.finish();
}

/**
 * A fragment of the body around the first match (or its beginning), at most FRAGMENT_LENGTH characters,
 * starting and ending between words, with … where the body goes on.
 */
export function highlightFragment(excerpt: BodyExcerpt, terms: string[]): string {
  const p = pendingFragment(excerpt, terms);
  return typeof p === 'string' ? p : p.finish();
}

/** Title and body fragment of each hit of a page, as highlightTitle and highlightFragment make them. */
export function highlightHits(
  hits: readonly { title: string; excerpt: BodyExcerpt }[],
  terms: string[],
): { title: string; body: string }[] {
  const pending = hits.map((h) => ({ title: pendingTitle(h.title, terms), body: pendingFragment(h.excerpt, terms) }));
  segmentTogether(pending.flatMap((p) => [p.title, p.body]).filter((p): p is Pending => typeof p !== 'string'));
  const done = (p: Pending | string) => (typeof p === 'string' ? p : p.finish());
  return pending.map((p) => ({ title: done(p.title), body: done(p.body) }));
}
