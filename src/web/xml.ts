/** Text for XML: escaped, and without the characters XML 1.0 cannot hold (control characters but tab and newlines). */
export function xmlText(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An element with escaped attributes and text (or already-built children). */
export function el(name: string, attrs: Record<string, string | undefined>, content?: string | string[]): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlText(v!)}"`)
    .join('');
  if (content === undefined) return `<${name}${a}/>`;
  const inner = Array.isArray(content) ? content.join('') : content;
  return `<${name}${a}>${inner}</${name}>`;
}

export const textEl = (name: string, text: string, attrs: Record<string, string | undefined> = {}) =>
  el(name, attrs, xmlText(text));

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Midnight of a calendar date in a time zone, as RFC 3339 (2024-03-01T00:00:00+08:00). */
export function dateAtMidnight(date: string, timeZone: string): string {
  // (Building a DateTimeFormat costs far more than using one: one per time zone.)
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  const name =
    format.formatToParts(new Date(`${date}T12:00:00Z`)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = name === 'GMT' ? 'Z' : name.replace('GMT', '');
  return `${date}T00:00:00${offset}`;
}
