import type { ComponentChildren } from 'preact';

export interface MetadataItem {
  label: string;
  /** null or empty shows 未注明. */
  value: ComponentChildren;
  /** Takes the whole row on wide screens (a title). */
  wide?: boolean;
}

/** A label/value list (the metadata block of a document, a user's details), in the order given. */
export function MetadataList({ items, label }: { items: MetadataItem[]; label?: string }) {
  return (
    <dl class="meta" aria-label={label}>
      {items.map((item) => {
        const empty = item.value === null || item.value === undefined || item.value === '';
        return (
          <>
            <dt>{item.label}</dt>
            <dd class={item.wide ? 'meta__wide' : undefined}>{empty ? '未注明' : item.value}</dd>
          </>
        );
      })}
    </dl>
  );
}
