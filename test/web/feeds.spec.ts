import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { getPage, HOSTILE, seedWebCatalogue, text, type WebCatalogue } from '../helpers/web-catalogue.js';
import { LibraryFacets } from '../../src/web/library-facets.service.js';
import { SITEMAP_URLS_PER_FILE } from '../../src/web/sitemap.js';

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['entry', 'link', 'author', 'url', 'sitemap'].includes(name),
});
type Link = { '@rel'?: string; '@href': string };

/**
 * RFC 4287's required elements: the feed's id, title, updated, an author (of the feed or of every entry) and
 * a self link; each entry's id, title, updated and a link (no content, so an alternate link and a summary).
 */
function expectValidAtom(body: string): {
  feed: Record<string, unknown>;
  entries: Record<string, unknown>[];
  links: Record<string, string>;
} {
  expect(XMLValidator.validate(body)).toBe(true);
  const feed = xml.parse(body).feed;
  expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  for (const name of ['id', 'title', 'updated']) expect(feed[name], name).toBeTruthy();
  expect(String(feed.id['#text'] ?? feed.id)).toMatch(/^https?:\/\/|^urn:/);
  expect(Date.parse(feed.updated)).not.toBeNaN();
  const links = Object.fromEntries((feed.link as Link[]).map((l) => [l['@rel'] ?? 'alternate', l['@href']]));
  expect(links.self).toMatch(/^http:\/\//);
  const entries = (feed.entry ?? []) as Record<string, unknown>[];
  for (const e of entries) {
    for (const name of ['id', 'title', 'updated', 'summary']) expect(e[name], name).toBeTruthy();
    expect((e.link as Link[]).some((l) => l['@rel'] === 'alternate')).toBe(true);
    expect(feed.author ?? e.author).toBeTruthy();
    expect(Date.parse(e.updated as string)).not.toBeNaN();
  }
  return { feed, entries, links };
}

describe('Atom feeds, the sitemap and the error page', () => {
  let t: TestApp;
  let c: WebCatalogue;

  beforeAll(async () => {
    t = await createTestApp({
      today: '2025-07-01',
      overrides: [
        // Three addresses a sitemap file, so a small library already needs an index of files.
        { provide: SITEMAP_URLS_PER_FILE, useValue: 3 },
        // The home page's figures fail with internals in the message: the page must not show them.
        {
          provide: LibraryFacets,
          useValue: {
            facets: () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5432 at /srv/app')),
            names: async () => [],
          },
        },
      ],
    });
    c = await seedWebCatalogue(t);
  });
  afterAll(() => t.close());

  it('gives the newest documents as a valid Atom feed that a feed parser reads', async () => {
    const res = await t.http.get('/feeds/documents.atom').expect(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const { entries, links } = expectValidAtom(res.text);
    expect(entries).toHaveLength(10);
    expect(links.first).toMatch(/\/feeds\/documents\.atom$/);
    expect(links.next).toBeUndefined();
    const parsed = parseFeed(res.text);
    expect(parsed.meta.type).toBe('atom');
    expect(parsed.title).toBe('政策文件库：最新发布的文件');
    expect(parsed.items[0].title).toMatch(/^攀枝花市人民政府关于印发《.+》的通知（攀府规〔2025〕3号）$/);
    expect(parsed.items[0].url).toBe(
      `${links.self.replace(/\/feeds\/.*$/, '')}/documents/${c.id['攀府规〔2025〕3号']}`,
    );
    expect(parsed.items[1].title).toBe('关于做好第4批养老机构登记工作的通知（攀民发〔2024〕4号）');
    expect(parsed.items.find((i) => i.title?.startsWith('关于<script>'))?.title).toBe(
      `${HOSTILE.title}（${HOSTILE.docNumber}）`,
    );
  });

  it('gives every validity change as a feed, with the acting office as author', async () => {
    const { entries } = expectValidAtom((await t.http.get('/feeds/validity.atom').expect(200)).text);
    const parsed = parseFeed((await t.http.get('/feeds/validity.atom').expect(200)).text);
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(parsed.items.slice(0, 2).map((i) => i.title)).toEqual([
      expect.stringMatching(/^废止：.+（攀府规〔2022〕2号）$/),
      expect.stringMatching(/^废止：.+（攀府发〔2018〕12号）$/),
    ]);
    expect(parsed.items[0].authors.map((a) => a.name)).toEqual(['法制机构']);
    expect(parsed.items[0].description).toContain('2025-06-28 起，废止：由“现行有效”变为“废止”。');
    expect(parsed.items[0].url).toContain(`/documents/${c.id['攀府规〔2022〕2号']}#event-`);
  });

  it('gives any search as a feed, paged with RFC 5005 links', async () => {
    const first = expectValidAtom(
      (await t.http.get('/search.atom').query({ q: '养老', pageSize: 2 }).expect(200)).text,
    );
    expect(first.entries).toHaveLength(2);
    expect(first.links.next).toMatch(/\/search\.atom\?q=%E5%85%BB%E8%80%81&pageSize=2&page=2$/);
    expect(first.links.last).toMatch(/page=3$/);
    expect(first.links.alternate).toMatch(/\/search\?q=%E5%85%BB%E8%80%81&pageSize=2$/);
    const next = new URL(first.links.next);
    const second = expectValidAtom((await t.http.get(`${next.pathname}${next.search}`).expect(200)).text);
    expect(new URL(second.links.previous).search).toBe(new URL(first.links.self).search);
    const parsed = parseFeed((await t.http.get('/search.atom').query({ q: '养老', pageSize: 2 }).expect(200)).text);
    const published = parsed.items.map((i) => i.published?.toISOString() ?? '');
    expect(published).toEqual(published.toSorted((a, b) => b.localeCompare(a)));
    const bad = await t.http.get('/search.atom').query({ year: 'soon' }).expect(400);
    expect(bad.text).toContain('年份须为 1900 至 2999 之间的整数');
  });

  it('puts a feed link on every list page', async () => {
    for (const path of ['/documents', '/search?q=%E5%85%BB%E8%80%81', '/feeds']) {
      const { doc } = await getPage(t, path);
      expect(doc.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]').length, path).toBeGreaterThan(
        0,
      );
    }
  });

  it('splits the sitemap into files past the limit of one file', async () => {
    const index = xml.parse((await t.http.get('/sitemap.xml').expect(200)).text);
    const files = (index.sitemapindex.sitemap as { loc: string }[]).map((s) => new URL(s.loc).pathname);
    expect(files).toEqual([
      '/sitemaps/pages.xml',
      '/sitemaps/documents-1.xml',
      '/sitemaps/documents-2.xml',
      '/sitemaps/documents-3.xml',
      '/sitemaps/documents-4.xml',
    ]);
    const listed: string[] = [];
    for (const file of files.slice(1)) {
      const urls = xml.parse((await t.http.get(file).expect(200)).text).urlset.url as { loc: string }[];
      expect(urls.length).toBeLessThanOrEqual(3);
      listed.push(...urls.map((u) => new URL(u.loc).pathname));
    }
    expect(listed).toHaveLength(10);
    expect(new Set(listed).size).toBe(10);
    for (const id of Object.values(c.id)) expect(listed).toContain(`/documents/${id}`);
    await t.http.get('/sitemaps/documents-5.xml').expect(404);
  });

  it('shows a failure as a Chinese page in the site layout, without any internals', async () => {
    const { doc, html } = await getPage(t, '/', 500);
    expect(text(doc.querySelector('h1'))).toBe('系统暂时出现问题');
    expect(doc.querySelector('header.site-header')).not.toBeNull();
    expect(html).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|\/srv\/app|Error/);
    expect(text(doc.querySelector('main'))).toMatch(/问题编号：\S+/);
  });
});
