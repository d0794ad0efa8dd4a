const instantFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as the reader's calendar shows it, in the government's time zone: 2025-06-30 14:05. */
export function formatInstant(instant: Date | string, timeZone: string): string {
  // (Building a DateTimeFormat costs far more than using one: one per time zone.)
  let format = instantFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    instantFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** 12,345 → 12,345 (grouped as Chinese readers expect for counts). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
