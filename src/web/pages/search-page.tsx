import { CATEGORY_LABELS, DOCUMENT_CATEGORIES, type DocumentCategory } from '../../documents/document-category.js';
import type { SearchResponse } from '../../search/dto/search.response.js';
import { ErrorSummary, SelectField, TextField } from '../../ui/components/form-field.js';
import { Notice } from '../../ui/components/notice.js';
import { SearchInput } from '../../ui/components/search-box.js';
import { Pagination } from '../../ui/components/pagination.js';
import { formatCount } from '../../ui/format.js';
import type { Chrome } from '../../ui/layout.js';
import { withQuery, type QueryValues } from '../../ui/urls.js';
import { STATUS_LABELS, VALIDITY_STATUSES, type ValidityStatus } from '../../validity/validity-status.js';
import type { PageFieldError } from '../page-query.js';
import { SiteLayout } from '../site-layout.js';
import { DocumentList } from './document-list.js';

export const SORT_LABELS: Record<string, string> = {
  relevance: '相关度',
  '-publishedOn': '发布日期（新→旧）',
  publishedOn: '发布日期（旧→新）',
};

/** The search's parameters as typed (the API's names). */
export interface SearchForm {
  q: string;
  category: string;
  status: string;
  issuer: string;
  year: string;
  from: string;
  to: string;
  sort: string;
  pageSize: string;
}

export interface SearchPageProps {
  chrome: Chrome;
  form: SearchForm;
  errors: PageFieldError[];
  result?: SearchResponse;
  /** Pages past this one are not offered (the API's limit). */
  maxPage: number;
}

const ISSUERS_SHOWN = 8;

/** The search's parameters as they go into links, without the page (a new filter starts at page 1). */
function linkValues(form: SearchForm): QueryValues {
  return {
    q: form.q.trim() || undefined,
    category: form.category,
    status: form.status,
    issuer: form.issuer,
    year: form.year,
    from: form.from,
    to: form.to,
    sort: form.sort === 'relevance' ? undefined : form.sort,
    pageSize: form.pageSize === '20' ? undefined : form.pageSize,
  };
}

function FacetGroup(props: {
  title: string;
  name: keyof SearchForm;
  counts: [string, number][];
  label: (value: string) => string;
  form: SearchForm;
  more?: boolean;
}) {
  if (!props.counts.length) return null;
  const link = (value: string | undefined) => withQuery('/search', { ...linkValues(props.form), [props.name]: value });
  const chosen = props.form[props.name];
  const item = ([value, n]: [string, number]) => (
    <li>
      {chosen === value ? (
        <>
          <a href={link(value)} aria-current="true">
            {props.label(value)}
          </a>{' '}
          <span class="count">({formatCount(n)})</span>{' '}
          <a href={link(undefined)} aria-label={`取消“${props.label(value)}”`}>
            （取消）
          </a>
        </>
      ) : (
        <>
          <a href={link(value)}>{props.label(value)}</a> <span class="count">({formatCount(n)})</span>
        </>
      )}
    </li>
  );
  const head = props.more ? props.counts.slice(0, ISSUERS_SHOWN) : props.counts;
  const rest = props.more ? props.counts.slice(ISSUERS_SHOWN) : [];
  return (
    <>
      <h2 id={`facet-${props.name}`}>{props.title}</h2>
      <ul aria-labelledby={`facet-${props.name}`}>{head.map(item)}</ul>
      {rest.length ? (
        <details>
          <summary>其余 {rest.length} 个</summary>
          <ul>{rest.map(item)}</ul>
        </details>
      ) : null}
    </>
  );
}

const byCount = (o: Record<string, number>) =>
  Object.entries(o).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

export function SearchPage({ chrome, form, errors, result, maxPage }: SearchPageProps) {
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  const values = linkValues(form);
  const q = form.q.trim();
  const title = q ? `“${q}”的检索结果` : '文件检索';
  const feed = withQuery('/search.atom', values);
  const filtersSet = !!(
    form.category ||
    form.status ||
    form.issuer ||
    form.year ||
    form.from ||
    form.to ||
    errors.length
  );
  const totalPages = result ? Math.min(Math.ceil(result.total / result.pageSize), maxPage) : 0;
  const issuerOptions = result ? byCount(result.facets.issuer).map(([name]) => name) : [];
  if (form.issuer && !issuerOptions.includes(form.issuer)) issuerOptions.unshift(form.issuer);
  return (
    <SiteLayout
      chrome={chrome}
      title={title}
      section="search"
      noindex
      alternates={[{ title: `政策文件库检索：${q || '全部文件'}`, href: feed }]}
    >
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <form method="get" action="/search" role="search" aria-label="检索文件">
        <SearchInput q={form.q} error={error('q')} />
        <details class="filters" open={filtersSet}>
          <summary>筛选与排序</summary>
          <div class="filters__grid">
            <SelectField
              name="category"
              label="文种"
              anyLabel="全部文种"
              value={form.category}
              error={error('category')}
              options={DOCUMENT_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))}
            />
            <SelectField
              name="status"
              label="有效性"
              anyLabel="全部"
              value={form.status}
              error={error('status')}
              options={VALIDITY_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
            />
            <SelectField
              name="issuer"
              label="发文机关"
              anyLabel="全部发文机关"
              value={form.issuer}
              error={error('issuer')}
              options={issuerOptions.map((i) => ({ value: i, label: i }))}
            />
            <TextField
              type="number"
              name="year"
              label="发布年份"
              hint="如 2024"
              inputMode="numeric"
              value={form.year}
              error={error('year')}
            />
            <TextField
              type="date"
              name="from"
              label="发布日期起"
              hint="如 2024-01-01"
              value={form.from}
              error={error('from')}
            />
            <TextField
              type="date"
              name="to"
              label="发布日期止"
              hint="如 2024-12-31"
              value={form.to}
              error={error('to')}
            />
            <SelectField
              name="sort"
              label="排序"
              value={form.sort || 'relevance'}
              error={error('sort')}
              options={Object.entries(SORT_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </div>
          {form.pageSize && form.pageSize !== '20' ? (
            <input type="hidden" name="pageSize" value={form.pageSize} />
          ) : null}
          <p>
            <button type="submit">应用筛选</button> <a href={withQuery('/search', { q: q || undefined })}>清除筛选</a>
          </p>
        </details>
      </form>
      {result ? (
        <div class="search-layout">
          <section aria-labelledby="results-title">
            <h2 id="results-title" class="visually-hidden">
              检索结果
            </h2>
            {result.matching === 'any' && result.total > 0 ? (
              <Notice title="没有同时包含全部检索词的文件">
                <p>以下结果只包含部分检索词。可减少或更换检索词再试。</p>
              </Notice>
            ) : null}
            <p class="results-summary" role="status">
              {q ? `“${q}”` : '全部文件'}共 {formatCount(result.total)} 件
              {totalPages > 1 ? `，第 ${result.page} / ${formatCount(totalPages)} 页` : ''}
              {result.total > result.pageSize * maxPage ? `（只显示前 ${maxPage} 页，请增加条件缩小范围）` : ''}
            </p>
            {result.hits.length ? (
              <DocumentList
                heading="h3"
                items={result.hits.map((h) => ({
                  id: h.id,
                  title: h.title,
                  docNumber: h.docNumber,
                  issuer: h.issuer,
                  status: h.status,
                  publishedOn: h.publishedOn,
                  titleHtml: h.highlight.title,
                  excerptHtml: h.highlight.body,
                }))}
              />
            ) : (
              <p>{result.total ? '这一页没有结果。' : '没有找到符合条件的文件。请检查检索词，或减少筛选条件。'}</p>
            )}
            <Pagination
              page={result.page}
              totalPages={totalPages}
              label="检索结果分页"
              href={(page) => withQuery('/search', { ...values, page: page === 1 ? undefined : page })}
            />
            <p>
              <a href={feed}>订阅此检索（Atom）</a>
            </p>
          </section>
          <section class="facets" aria-label="按类别筛选">
            <FacetGroup
              title="文种"
              name="category"
              counts={byCount(result.facets.category)}
              label={(v) => CATEGORY_LABELS[v as DocumentCategory] ?? v}
              form={form}
            />
            <FacetGroup
              title="有效性"
              name="status"
              counts={VALIDITY_STATUSES.filter((s) => result.facets.status[s]).map((s) => [s, result.facets.status[s]])}
              label={(v) => STATUS_LABELS[v as ValidityStatus] ?? v}
              form={form}
            />
            <FacetGroup
              title="发文机关"
              name="issuer"
              counts={byCount(result.facets.issuer)}
              label={(v) => v}
              form={form}
              more
            />
            <FacetGroup
              title="发布年份"
              name="year"
              counts={Object.entries(result.facets.year).sort((a, b) => Number(b[0]) - Number(a[0]))}
              label={(v) => `${v}年`}
              form={form}
              more
            />
          </section>
        </div>
      ) : null}
    </SiteLayout>
  );
}
