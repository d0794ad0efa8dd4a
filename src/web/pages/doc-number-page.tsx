import { SearchBox } from '../../ui/components/search-box.js';
import type { Chrome } from '../../ui/layout.js';
import { withQuery } from '../../ui/urls.js';
import { SiteLayout } from '../site-layout.js';
import { DocumentList, type ListedDocument } from './document-list.js';

/** /d/{发文字号} when several issuers use the number (or none does). */
export function DocNumberPage({ chrome, number, items }: { chrome: Chrome; number: string; items: ListedDocument[] }) {
  const title = items.length ? `发文字号“${number}”对应 ${items.length} 份文件` : `未找到发文字号为“${number}”的文件`;
  return (
    <SiteLayout chrome={chrome} title={title} section={null} noindex={!items.length}>
      <h1>{title}</h1>
      {items.length ? (
        <>
          <p>不同发文机关使用了相同的发文字号，请按发文机关选择：</p>
          <DocumentList items={items} />
        </>
      ) : (
        <>
          <p>库中没有以此为发文字号的文件。该文件可能尚未收录，或字号有误。</p>
          <p>
            <a href={withQuery('/search', { q: number })}>检索提到“{number}”的文件</a>
          </p>
          <SearchBox q={number} id="dn-q" />
        </>
      )}
    </SiteLayout>
  );
}
