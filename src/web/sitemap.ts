import { el, textEl } from './xml.js';

/** A sitemap file holds at most this many addresses (sitemaps.org); past it the sitemap is an index of files. */
export const SITEMAP_URLS_PER_FILE = 'SITEMAP_URLS_PER_FILE';
export const SITEMAP_LIMIT = 50_000;

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

export function urlset(urls: { loc: string; lastmod?: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el(
    'urlset',
    { xmlns: NS },
    urls.map((u) => el('url', {}, [textEl('loc', u.loc), u.lastmod ? textEl('lastmod', u.lastmod) : ''])),
  )}\n`;
}

export function sitemapIndex(locs: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el(
    'sitemapindex',
    { xmlns: NS },
    locs.map((loc) => el('sitemap', {}, [textEl('loc', loc)])),
  )}\n`;
}
