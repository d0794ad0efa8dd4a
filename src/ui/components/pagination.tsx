export interface PaginationProps {
  page: number;
  totalPages: number;
  href: (page: number) => string;
  /** Names the navigation for screen readers, e.g. 检索结果分页. */
  label: string;
}

/** Previous, numbered pages around the current one, next; the current page is marked, not linked. */
export function Pagination({ page, totalPages, href, label }: PaginationProps) {
  if (totalPages <= 1) return null;
  const pages = new Set<number>([1, totalPages]);
  for (let p = Math.max(1, page - 2); p <= Math.min(totalPages, page + 2); p++) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const items: (number | 'gap')[] = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1] > 1) items.push('gap');
    items.push(p);
  });
  return (
    <nav class="pagination" aria-label={label}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              上一页
            </a>
          </li>
        ) : null}
        {items.map((p) =>
          p === 'gap' ? (
            <li aria-hidden="true">
              <span>…</span>
            </li>
          ) : p === page ? (
            <li>
              <span aria-current="page">
                <span class="visually-hidden">第</span>
                {p}
                <span class="visually-hidden">页（当前页）</span>
              </span>
            </li>
          ) : (
            <li>
              <a href={href(p)} aria-label={`第 ${p} 页`}>
                {p}
              </a>
            </li>
          ),
        )}
        {page < totalPages ? (
          <li>
            <a href={href(page + 1)} rel="next">
              下一页
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
