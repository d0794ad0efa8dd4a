import { generateDocuments } from '../demo/sample-catalogue.js';
import { isCjk, termBigrams, words } from './chinese-text.js';
import {
  escapeHtml,
  FRAGMENT_LENGTH,
  highlightFragment,
  highlightHits,
  highlightTitle,
  MARK_CLOSE,
  MARK_OPEN,
} from './highlight.js';

describe('highlights', () => {
  it('marks whole words that match, never half a word', () => {
    expect(highlightTitle('关于加强在建工程安全管理的通知', ['工程'])).toBe('关于加强<em>在建工程</em>安全管理的通知');
  });

  it('joins adjacent matching words in one mark', () => {
    expect(highlightTitle('养老服务补贴管理办法', ['养老', '服务'])).toBe('<em>养老服务</em>补贴管理办法');
  });

  it('escapes HTML in the text', () => {
    expect(highlightTitle('<b>养老</b> & 补贴', ['养老'])).toBe('&lt;b&gt;<em>养老</em>&lt;/b&gt; &amp; 补贴');
  });

  it('marks Latin terms whatever their case or width', () => {
    expect(highlightTitle('关于ＰＰＰ项目和ppp模式', ['ppp'])).toContain('<em>ＰＰＰ</em>');
  });

  it('cuts a body fragment between words around the first match, with ellipses where the body goes on', () => {
    const body =
      '第一条 为了规范管理，制定本办法。'.repeat(5) +
      '第二条 本市在建工程的安全监督管理适用本办法。' +
      '第三条 其他。'.repeat(20);
    const fragment = highlightFragment({ text: body, atStart: true, atEnd: true }, ['工程']);
    expect(fragment.startsWith('…')).toBe(true);
    expect(fragment.endsWith('…')).toBe(true);
    expect(fragment).toContain('<em>在建工程</em>');
    expect(fragment.replace(/<\/?em>|…/g, '').length).toBeLessThanOrEqual(100);
  });

  it('shows the beginning of the body when nothing in it matches', () => {
    expect(highlightFragment({ text: '第一条 总则。', atStart: true, atEnd: true }, ['养老'])).toBe('第一条 总则。');
  });
});

/**
 * Highlights segment only the runs of text between full-width punctuation that decide something, all of a
 * page's hits in one call to jieba. They must come out exactly as if every text were segmented whole: held
 * here against that straightforward highlighter, over generated documents.
 */
describe('highlights segmented run by run, as if segmented whole', () => {
  interface Word {
    start: number;
    end: number;
  }
  const segmentWhole = (text: string): Word[] => {
    let at = 0;
    return words(text).map((w) => ({ start: at, end: (at += w.length) }));
  };
  const ranges = (text: string, terms: string[]) => {
    // The same matching as the highlighter's (exercised through it): occurrences of terms, else their bigrams.
    const folded = text.replace(/[A-Z\uFF21-\uFF3A\uFF41-\uFF5A\uFF10-\uFF19]/g, (c) =>
      c.normalize('NFKC').toLowerCase(),
    );
    const find = (needles: string[]) =>
      needles.flatMap((n) => {
        const out: [number, number][] = [];
        for (let i = folded.indexOf(n); n && i !== -1; i = folded.indexOf(n, i + 1)) out.push([i, i + n.length]);
        return out;
      });
    const missing = terms.filter((t) => isCjk(t) && !folded.includes(t));
    return find(terms).concat(find(missing.flatMap(termBigrams)));
  };
  const mark = (text: string, all: Word[], found: [number, number][], from: number, to: number) => {
    let html = '';
    let open = false;
    for (const w of all) {
      if (w.end <= from || w.start >= to) continue;
      const hit = found.some(([s, e]) => s < w.end && e > w.start);
      if (hit && !open) html += MARK_OPEN;
      if (!hit && open) html += MARK_CLOSE;
      open = hit;
      html += escapeHtml(text.slice(Math.max(w.start, from), Math.min(w.end, to)));
    }
    return open ? html + MARK_CLOSE : html;
  };
  const wholeTitle = (title: string, terms: string[]) => {
    const found = terms.length ? ranges(title, terms) : [];
    return found.length ? mark(title, segmentWhole(title), found, 0, title.length) : escapeHtml(title);
  };
  const wholeFragment = (excerpt: { text: string; atStart: boolean; atEnd: boolean }, terms: string[]) => {
    const whole = excerpt.text.replace(/\s+/g, ' ');
    if (!whole.trim()) return '';
    const firstAt = terms.length ? Math.min(...ranges(whole, terms).map(([s]) => s), Infinity) : 0;
    const windowStart = Number.isFinite(firstAt) ? Math.max(0, firstAt - 24 - 8) : 0;
    const text = whole.slice(windowStart, windowStart + 24 + FRAGMENT_LENGTH + 24);
    const atStart = excerpt.atStart && windowStart === 0;
    const atEnd = excerpt.atEnd && windowStart + text.length >= whole.length;
    const all = segmentWhole(text);
    const inner = all.filter((_, i) => (atStart || i > 0) && (atEnd || i < all.length - 1));
    const list = inner.length ? inner : all;
    const found = terms.length ? ranges(text, terms) : [];
    const first = found.length ? Math.min(...found.map(([s]) => s)) : 0;
    const startIndex = Math.max(
      0,
      list.findIndex((w) => w.end > first - 24),
    );
    const from = list[startIndex].start;
    let to = from;
    for (let i = startIndex; i < list.length && list[i].end - from <= FRAGMENT_LENGTH; i++) to = list[i].end;
    if (to === from) to = Math.min(list[startIndex].end, from + FRAGMENT_LENGTH);
    const before = from > 0 || !atStart ? '…' : '';
    const after = to < text.length || !atEnd ? '…' : '';
    return `${before}${mark(text, list, found, from, to).trim()}${after}`;
  };

  const documents = [...generateDocuments(120, { seed: 4242 })];
  const queries = [
    ['工程'],
    ['养老', '服务'],
    ['人民政府'],
    ['实施'],
    ['补贴', '管理'],
    ['攀枝花市人民政府'],
    ['第二条'],
    ['2024'],
    ['ppp'],
    ['的'],
    ['在建工程'],
    ['国有土地上房屋征收'],
    [],
  ];

  it('segments the runs between full-width punctuation as jieba segments them within the whole text', () => {
    for (const d of documents.slice(0, 40)) {
      for (const text of [d.title, d.body.slice(0, 2000)]) {
        const runs = text.split(
          /([\u3001\u3002\u3008-\u3011\u2018\u2019\u201c\u201d\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f])/,
        );
        expect(runs.filter(Boolean).flatMap((r) => words(r))).toEqual(words(text));
      }
    }
  });

  it('marks titles and cuts fragments exactly as when every text is segmented whole', () => {
    let compared = 0;
    for (const terms of queries) {
      for (let k = 0; k < documents.length; k += 20) {
        const page = documents.slice(k, k + 20).map((d, i) => {
          // Excerpts as the engines give them: from the start, from the middle, to the end, cut anywhere.
          const from = [0, 37, 400, Math.max(0, d.body.length - 150)][i % 4];
          const firstMatch = terms.length ? Math.max(0, d.body.indexOf(terms[0]) - 60) : 0;
          const start = i % 5 === 4 ? firstMatch : from;
          const text = d.body.slice(start, start + 240 + (i % 3) * 7);
          return {
            title: i % 7 === 3 ? `${d.title}<&>` : d.title,
            excerpt: { text, atStart: start === 0, atEnd: start + text.length >= d.body.length },
          };
        });
        const got = highlightHits(page, terms);
        page.forEach((h, i) => {
          expect(got[i].title).toBe(wholeTitle(h.title, terms));
          expect(got[i].body).toBe(wholeFragment(h.excerpt, terms));
          expect(highlightTitle(h.title, terms)).toBe(got[i].title);
          expect(highlightFragment(h.excerpt, terms)).toBe(got[i].body);
          compared++;
        });
      }
    }
    expect(compared).toBe(queries.length * documents.length);
  });

  it('holds at the edges: separators first and last, a match at either end, short and blank texts', () => {
    const cases = [
      '，在建工程，',
      '在建工程',
      '（一）在建工程。',
      '工程',
      '。',
      ' ',
      '第一条　为了规范在建工程管理，根据《中华人民共和国建筑法》，制定本办法。第二条 本办法适用于本市。',
      '“在建工程”、“竣工工程”：本办法所称工程。'.repeat(6),
    ];
    // A long first word ending just before or after where the fragment would start, for every such place.
    const filler = '为了加强管理根据有关规定制定本办法本市范围内适用本办法';
    for (let at = 12; at < 40; at++)
      cases.push(`中华人民共和国，${filler.slice(0, at - 8)}在建工程建设·管理。${filler}`);
    const page = cases.flatMap((text) =>
      [true, false].flatMap((atStart) =>
        [true, false].map((atEnd) => ({ title: text, excerpt: { text, atStart, atEnd } })),
      ),
    );
    // All in one page: the runs of every hit are segmented together.
    const got = highlightHits(page, ['工程']);
    page.forEach((h, i) => {
      expect(got[i]).toEqual({ title: wholeTitle(h.title, ['工程']), body: wholeFragment(h.excerpt, ['工程']) });
    });
  });
});
