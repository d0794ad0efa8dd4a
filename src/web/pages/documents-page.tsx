import { DOCUMENT_CATEGORIES, CATEGORY_LABELS } from '../../documents/document-category.js';
import { ErrorSummary, SelectField, TextField } from '../../ui/components/form-field.js';
import { Notice } from '../../ui/components/notice.js';
import { Pagination } from '../../ui/components/pagination.js';
import { formatCount } from '../../ui/format.js';
import type { Chrome } from '../../ui/layout.js';
import { withQuery } from '../../ui/urls.js';
import type { PageFieldError } from '../page-query.js';
import { SiteLayout } from '../site-layout.js';
import { DocumentList, type ListedDocument } from './document-list.js';

export interface DocumentsPageProps {
  chrome: Chrome;
  /** The filters as typed. */
  form: { inForceOn: string; category: string; issuer: string };
  issuers: string[];
  errors: PageFieldError[];
  result?: { total: number; page: number; pageSize: number; items: ListedDocument[] };
  /** The query without page, for the pagination links. */
  query: Record<string, string>;
  today: string;
}

/** /documents: the catalogue newest first, or (inForceOn) everything in force on a day. */
export function DocumentsPage(p: DocumentsPageProps) {
  const onDay = p.form.inForceOn && !p.errors.length ? p.form.inForceOn : null;
  const title = onDay ? `${onDay} 当日有效的文件` : '按日期查有效文件';
  const totalPages = p.result ? Math.ceil(p.result.total / p.result.pageSize) : 0;
  const error = (field: string) => p.errors.find((e) => e.field === field)?.message;
  return (
    <SiteLayout
      chrome={p.chrome}
      title={title}
      section="documents"
      alternates={[{ title: '政策文件库：最新发布的文件', href: '/feeds/documents.atom' }]}
      noindex={!!onDay}
    >
      <h1>{title}</h1>
      <p>选择一个日期，列出当日现行有效（含部分失效）的全部文件：法规清理、历史案件、政策追溯时可据此查证。</p>
      <ErrorSummary errors={p.errors} />
      <form method="get" action="/documents" class="filters">
        <div class="filters__grid">
          <TextField
            type="date"
            name="inForceOn"
            label="日期"
            hint="格式如 2023-06-30"
            value={p.form.inForceOn}
            error={error('inForceOn')}
          />
          <SelectField
            name="category"
            label="文种"
            anyLabel="全部文种"
            value={p.form.category}
            error={error('category')}
            options={DOCUMENT_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))}
          />
          <SelectField
            name="issuer"
            label="发文机关"
            anyLabel="全部发文机关"
            value={p.form.issuer}
            error={error('issuer')}
            options={p.issuers.map((i) => ({ value: i, label: i }))}
          />
        </div>
        <p>
          <button type="submit">查看</button>
        </p>
      </form>
      {onDay && p.result ? (
        <Notice kind="point-in-time" title={`您正在查看 ${onDay} 当日的有效文件`}>
          <p>
            以下 {formatCount(p.result.total)} 件文件在 {onDay} 当日现行有效或部分失效（按当时的有效性，而非今天的）。
            文件旁的标签是它今天（{p.today}）的有效性；点开标题可看它在当日的状态。
          </p>
        </Notice>
      ) : null}
      {p.result ? (
        <>
          <p class="results-summary" role="status">
            共 {formatCount(p.result.total)} 件
            {totalPages > 1 ? `，第 ${p.result.page} / ${formatCount(totalPages)} 页` : ''}
          </p>
          {p.result.items.length ? <DocumentList items={p.result.items} /> : <p>没有符合条件的文件。</p>}
          <Pagination
            page={p.result.page}
            totalPages={totalPages}
            label="文件列表分页"
            href={(page) => withQuery('/documents', { ...p.query, page: page === 1 ? undefined : page })}
          />
        </>
      ) : null}
    </SiteLayout>
  );
}
