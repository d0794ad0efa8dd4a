import type { Request, Response } from 'express';

/**
 * How long shared caches and browsers may keep each kind of public answer. Pages carry an ETag (a document's
 * from its version, the others from their bytes), so a stale copy is revalidated with a 304.
 */
export const CACHE_CONTROL = {
  page: 'public, max-age=300',
  search: 'public, max-age=60',
  feed: 'public, max-age=300',
  sitemap: 'public, max-age=3600',
  asset: 'public, max-age=31536000, immutable',
  none: 'no-store',
} as const;
export type CacheKind = keyof typeof CACHE_CONTROL;

// The Content-Security-Policy and the other security headers are the application's, on every answer
// (common/security-headers.ts); the pages need nothing the policy refuses.
function common(res: Response, cache: CacheKind): void {
  res.setHeader('Cache-Control', CACHE_CONTROL[cache]);
}

/** An HTML page. 关怀模式 comes from a cookie, so caches keep one copy per cookie. */
export function sendHtml(res: Response, html: string, options: { status?: number; cache: CacheKind }): void {
  common(res, options.cache);
  res.setHeader('Vary', 'Cookie');
  res
    .status(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .send(html);
}

/** Atom, sitemaps, robots.txt, CSV: the same headers, another type. */
export function sendText(
  res: Response,
  body: string,
  options: { type: string; cache: CacheKind; status?: number },
): void {
  common(res, options.cache);
  res
    .status(options.status ?? 200)
    .type(options.type)
    .send(body);
}

/**
 * Whether the client already holds this version (If-None-Match): then answer 304 without building the page.
 * `etag` is a strong validator in quotes.
 */
export function notModified(req: Request, res: Response, etag: string, cache: CacheKind): boolean {
  res.setHeader('ETag', etag);
  const given = req.headers['if-none-match'];
  if (!given) return false;
  const tags = given.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(etag) && !tags.includes('*')) return false;
  common(res, cache);
  res.setHeader('Vary', 'Cookie');
  res.status(304).end();
  return true;
}
