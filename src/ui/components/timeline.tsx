import type { ComponentChildren } from 'preact';

export interface TimelineItem {
  /** An anchor (`#event-12`) a feed entry can link to. */
  id?: string;
  /** YYYY-MM-DD */
  date: string;
  /** What happened, in a sentence. */
  what: ComponentChildren;
  /** Further lines: basis, reason, provisions. */
  details?: ComponentChildren[];
  /** Who and when it was recorded. */
  meta?: ComponentChildren;
  /**
   * counted: an event that stands; void: replaced by a correction or superseded (kept, struck through);
   * later: after the date being viewed; planned: scheduled, not yet in effect.
   */
  state?: 'counted' | 'void' | 'later' | 'planned';
  /** Said to screen readers and shown after the sentence, e.g. （已更正）. */
  note?: string;
}

/** Events in date order as a list, each with its date, a sentence, its details and who recorded it. */
export function Timeline({ items, label }: { items: TimelineItem[]; label: string }) {
  return (
    <ol class="timeline" aria-label={label}>
      {items.map((item) => (
        <li id={item.id} class={item.state && item.state !== 'counted' ? `is-${item.state}` : undefined}>
          <time class="timeline__when" dateTime={item.date}>
            {item.date}
          </time>{' '}
          <span class="timeline__what">{item.what}</span>
          {item.note ? <strong> {item.note}</strong> : null}
          {(item.details ?? []).map((d) => (
            <span class="timeline__meta">{d}</span>
          ))}
          {item.meta ? <span class="timeline__meta">{item.meta}</span> : null}
        </li>
      ))}
    </ol>
  );
}
