import { el, textEl } from './xml.js';

/** One entry of an Atom feed (RFC 4287 4.1.2: id, title, updated required; author from the entry or feed). */
export interface AtomEntry {
  /** A permanent IRI: urn:uuid:… or an address on this site. */
  id: string;
  title: string;
  /** RFC 3339. */
  updated: string;
  published?: string;
  /** The page the entry is about. */
  link: string;
  authors: string[];
  summary: string;
  categories?: { term: string; label: string }[];
}

/** RFC 5005 paging links of a feed document (absolute addresses). */
export interface AtomPaging {
  first?: string;
  previous?: string;
  next?: string;
  last?: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  /** RFC 3339; the newest entry's update. */
  updated: string;
  /** This feed document's own address (rel="self"). */
  self: string;
  /** The page the feed mirrors (rel="alternate"). */
  alternate: string;
  /** The feed's author (RFC 4287: required where an entry has none). */
  author: { name: string; uri: string };
  paging: AtomPaging;
  entries: AtomEntry[];
}

const ATOM_NS = 'http://www.w3.org/2005/Atom';

/** An Atom 1.0 document (RFC 4287), paged as RFC 5005 describes. Every value is escaped. */
export function atomFeed(feed: AtomFeed): string {
  const link = (rel: string, href: string | undefined, type?: string) => (href ? el('link', { rel, type, href }) : '');
  const head = [
    textEl('id', feed.id),
    textEl('title', feed.title, { type: 'text' }),
    feed.subtitle ? textEl('subtitle', feed.subtitle, { type: 'text' }) : '',
    textEl('updated', feed.updated),
    el('author', {}, [textEl('name', feed.author.name), textEl('uri', feed.author.uri)]),
    link('self', feed.self, 'application/atom+xml'),
    link('alternate', feed.alternate, 'text/html'),
    link('first', feed.paging.first, 'application/atom+xml'),
    link('previous', feed.paging.previous, 'application/atom+xml'),
    link('next', feed.paging.next, 'application/atom+xml'),
    link('last', feed.paging.last, 'application/atom+xml'),
    textEl('generator', 'policy-library 政策文件库'),
  ];
  const entries = feed.entries.map((e) =>
    el('entry', {}, [
      textEl('id', e.id),
      textEl('title', e.title, { type: 'text' }),
      textEl('updated', e.updated),
      e.published ? textEl('published', e.published) : '',
      ...e.authors.map((name) => el('author', {}, [textEl('name', name)])),
      el('link', { rel: 'alternate', type: 'text/html', href: e.link }),
      ...(e.categories ?? []).map((c) => el('category', { term: c.term, label: c.label })),
      textEl('summary', e.summary, { type: 'text' }),
    ]),
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n${el('feed', { xmlns: ATOM_NS, 'xml:lang': 'zh-CN' }, [...head, ...entries])}\n`;
}
