import { CATEGORY_LABELS, DOCUMENT_CATEGORIES } from '../../documents/document-category.js';
import { SearchBox } from '../../ui/components/search-box.js';
import { StatusBadge } from '../../ui/components/status-badge.js';
import { formatCount } from '../../ui/format.js';
import type { Chrome } from '../../ui/layout.js';
import { withQuery } from '../../ui/urls.js';
import { STATUS_LABELS, VALIDITY_STATUSES } from '../../validity/validity-status.js';
import type { ValidityChange } from '../../validity/validity.repository.js';
import { SiteLayout } from '../site-layout.js';
import { DocumentList, type ListedDocument } from './document-list.js';

export interface HomePageProps {
  chrome: Chrome;
  total: number;
  byCategory: Record<string, number>;
  byStatus: Record<string, number>;
  newest: ListedDocument[];
  ended: ValidityChange[];
  reportYear: number;
}

export function HomePage(p: HomePageProps) {
  return (
    <SiteLayout
      chrome={p.chrome}
      title="政策文件库"
      section="home"
      description="本市规章、行政规范性文件和其他政策文件的全文与有效性，可检索、可查任一日期的有效性、可订阅。"
      alternates={[
        { title: '政策文件库：最新发布的文件', href: '/feeds/documents.atom' },
        { title: '政策文件库：有效性变化', href: '/feeds/validity.atom' },
      ]}
    >
      <h1>政策文件库</h1>
      <p>收录本市规章、行政规范性文件和其他政策文件共 {formatCount(p.total)} 件，标注每件文件的有效性及其沿革。</p>
      <SearchBox id="home-q" />
      <p>
        也可以：<a href="/documents">查某一日期有效的全部文件</a> · 输入发文字号（如 攀府发〔2024〕5号）直达文件
      </p>

      <section aria-labelledby="counts" class="stats">
        <h2 id="counts" class="visually-hidden">
          文件统计
        </h2>
        <table>
          <caption>按文种</caption>
          <thead>
            <tr>
              <th scope="col">文种</th>
              <th scope="col" class="num">
                件数
              </th>
            </tr>
          </thead>
          <tbody>
            {DOCUMENT_CATEGORIES.map((c) => (
              <tr>
                <th scope="row">
                  <a href={withQuery('/search', { category: c })}>{CATEGORY_LABELS[c]}</a>
                </th>
                <td class="num">{formatCount(p.byCategory[c] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>按有效性</caption>
          <thead>
            <tr>
              <th scope="col">有效性</th>
              <th scope="col" class="num">
                件数
              </th>
            </tr>
          </thead>
          <tbody>
            {VALIDITY_STATUSES.map((s) => (
              <tr>
                <th scope="row">
                  <a href={withQuery('/search', { status: s })}>{STATUS_LABELS[s]}</a>
                </th>
                <td class="num">{formatCount(p.byStatus[s] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <div class="home-columns">
        <section aria-labelledby="newest">
          <h2 id="newest">最新发布</h2>
          <DocumentList items={p.newest} heading="h3" />
          <p>
            <a href={withQuery('/search', { sort: '-publishedOn' })}>查看更多最新文件</a>
          </p>
        </section>
        <section aria-labelledby="ended">
          <h2 id="ended">最近废止和失效</h2>
          {p.ended.length ? (
            <ol class="doc-list">
              {p.ended.map((e) => (
                <li>
                  <h3>
                    <a href={`/documents/${e.documentId}`}>{e.title}</a>
                  </h3>
                  <ul class="doc-facts">
                    {e.docNumber ? <li>发文字号：{e.docNumber}</li> : null}
                    <li>
                      <StatusBadge status={e.toStatus} /> <time dateTime={e.effectiveOn}>{e.effectiveOn}</time> 起
                    </li>
                  </ul>
                </li>
              ))}
            </ol>
          ) : (
            <p>近期没有废止或失效的文件。</p>
          )}
          <p>
            <a href="/feeds/validity.atom">订阅有效性变化（Atom）</a>
          </p>
        </section>
      </div>

      <section aria-labelledby="more">
        <h2 id="more">更多</h2>
        <ul>
          <li>
            <a href={`/reports/annual/${p.reportYear}`}>
              {p.reportYear} 年政府信息公开年度报告统计（第二十条第（一）项）
            </a>
          </li>
          <li>
            <a href="/feeds">订阅新文件和有效性变化（Atom）</a>
          </li>
        </ul>
      </section>
    </SiteLayout>
  );
}
