import type { ComponentChildren } from 'preact';

/** A banner above the content: the point in time being viewed, a search that matched only in part. */
export function Notice({
  kind = 'info',
  title,
  children,
}: {
  kind?: 'info' | 'point-in-time';
  title?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={`notice notice--${kind}`} role="status">
      {title ? (
        <p>
          <strong>{title}</strong>
        </p>
      ) : null}
      {children}
    </div>
  );
}
