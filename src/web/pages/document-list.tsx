import type { ComponentChildren } from 'preact';
import { Highlighted } from '../../ui/components/highlighted.js';
import { StatusBadge } from '../../ui/components/status-badge.js';
import type { ValidityStatus } from '../../validity/validity-status.js';

export interface ListedDocument {
  id: string;
  title: string;
  docNumber: string | null;
  issuer: string;
  status: ValidityStatus;
  publishedOn: string | null;
  /** Where the title links (the document, or the document on a date). */
  href?: string;
  /** The engine's highlighted title and body fragment (escaped HTML with <em>). */
  titleHtml?: string;
  excerptHtml?: string;
  note?: ComponentChildren;
}

/** Documents as a list: title, 发文字号, 发文机关, 发布日期 and the validity badge. */
export function DocumentList({ items, heading = 'h2' }: { items: ListedDocument[]; heading?: 'h2' | 'h3' }) {
  const H = heading;
  return (
    <ol class="doc-list">
      {items.map((d) => (
        <li>
          <H>
            <a href={d.href ?? `/documents/${d.id}`}>{d.titleHtml ? <Highlighted html={d.titleHtml} /> : d.title}</a>
          </H>
          <ul class="doc-facts">
            {d.docNumber ? <li>发文字号：{d.docNumber}</li> : null}
            <li>发文机关：{d.issuer}</li>
            {d.publishedOn ? (
              <li>
                发布日期：<time dateTime={d.publishedOn}>{d.publishedOn}</time>
              </li>
            ) : null}
            <li>
              <StatusBadge status={d.status} />
            </li>
            {d.note ? <li>{d.note}</li> : null}
          </ul>
          {d.excerptHtml ? (
            <p class="excerpt">
              <Highlighted html={d.excerptHtml} />
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
