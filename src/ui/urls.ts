/** Builds links that keep a page's state in its URL (a search is a link one can share). */
export type QueryValues = Record<string, string | number | null | undefined>;

/** `path?a=1&b=2`, leaving out empty values; keys in the order given. */
export function withQuery(path: string, values: QueryValues): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '') continue;
    q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * An address from outside (a 政策解读's link) as an href, or null when it is not a plain web address:
 * `javascript:`, `data:` and anything but http(s) is shown as text, never as a link.
 */
export function safeWebUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A path on this site to return to (the 关怀模式 switch): anything else falls back to the home page. */
export function localPath(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return '/';
  }
  return raw.length > 2000 ? '/' : raw;
}
