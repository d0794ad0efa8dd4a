import type { ComponentChildren } from 'preact';
import { CATEGORY_LABELS } from '../../documents/document-category.js';
import { RELATION_LABELS, type RelationKind } from '../../relations/relation-kinds.js';
import type { RelationRow } from '../../relations/relations.repository.js';
import { MetadataList } from '../../ui/components/metadata-list.js';
import { Notice } from '../../ui/components/notice.js';
import { StatusBadge } from '../../ui/components/status-badge.js';
import { Timeline } from '../../ui/components/timeline.js';
import { ValiditySummary } from '../../ui/components/validity-summary.js';
import { TextField } from '../../ui/components/form-field.js';
import type { Chrome } from '../../ui/layout.js';
import { safeWebUrl } from '../../ui/urls.js';
import { STATUS_LABELS } from '../../validity/validity-status.js';
import type { DocumentPageData, ValidityOnDay } from '../document-page.service.js';
import { basisOf, historyTimeline, reasonOf } from '../public-history.js';
import type { PageFieldError } from '../page-query.js';
import { SiteLayout } from '../site-layout.js';

/** Relations in the order a reader looks for them: what ended this one first. */
const RELATION_ORDER: RelationKind[] = [
  'repealed_by',
  'replaced_by',
  'amended_by',
  'repeals',
  'replaces',
  'amends',
  'based_on',
  'basis_of',
  'interprets',
];

const CHAPTER = /^第[一二三四五六七八九十百零〇\d]+[章节编]\s*\S{0,20}$/;

/** The body with its paragraph structure: one paragraph a line, chapter headings as headings. */
export function BodyText({ body }: { body: string }) {
  const lines = body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) return <p>（本文件未收录正文。）</p>;
  return <>{lines.map((line) => (CHAPTER.test(line) && line.length <= 30 ? <h3>{line}</h3> : <p>{line}</p>))}</>;
}

function RelationTarget({ r }: { r: RelationRow }) {
  const name = [r.docNumber, r.title].filter(Boolean).join(' ');
  if (r.targetDocumentId) {
    return (
      <>
        <a href={`/documents/${r.targetDocumentId}`}>{name || '（未命名文件）'}</a>{' '}
        {r.status ? <StatusBadge status={r.status} /> : null}
      </>
    );
  }
  return <>{name}（库外文件）</>;
}

function Relations({ relations }: { relations: RelationRow[] }) {
  const groups = RELATION_ORDER.map((kind) => ({ kind, rows: relations.filter((r) => r.kind === kind) })).filter(
    (g) => g.rows.length,
  );
  if (!groups.length) return <p>暂无记录的相关文件。</p>;
  return (
    <dl>
      {groups.map((g) => (
        <>
          <dt>{RELATION_LABELS[g.kind]}</dt>
          {g.rows.map((r) => (
            <dd>
              <RelationTarget r={r} />
            </dd>
          ))}
        </>
      ))}
    </dl>
  );
}

function Interpretations({ rows }: { rows: RelationRow[] }) {
  if (!rows.length) return <p>暂无政策解读。</p>;
  return (
    <ul>
      {rows.map((r) => {
        const title = r.title ?? '政策解读';
        const href = r.targetDocumentId ? `/documents/${r.targetDocumentId}` : safeWebUrl(r.url);
        return (
          <li>
            {r.form ? `［${r.form}］` : ''}
            {href ? (
              r.targetDocumentId ? (
                <a href={href}>{title}</a>
              ) : (
                <>
                  <a href={href} rel="noopener noreferrer external">
                    {title}
                  </a>
                  （外部网站）
                </>
              )
            ) : (
              <>
                {title}
                {r.url ? '（链接地址无效，未显示）' : ''}
              </>
            )}
            {r.publishedOn ? (
              <>
                {' '}
                <time dateTime={r.publishedOn}>{r.publishedOn}</time>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function Summary({ v, data }: { v: ValidityOnDay; data: DocumentPageData }) {
  return (
    <ValiditySummary
      status={v.status}
      since={v.since}
      basis={v.event ? basisOf(v.event) : null}
      reason={v.event ? reasonOf(v.event) : null}
      provisions={v.event?.provisions}
      effectiveFrom={data.doc.effectiveFrom}
      validUntil={v.status === 'in_force' || v.status === 'partially_in_force' ? data.doc.validUntil : null}
    />
  );
}

export interface DocumentPageProps {
  chrome: Chrome;
  data: DocumentPageData;
  timeZone: string;
  /** The citable address of the document (its 发文字号's permalink, else its own). */
  citation: string;
  /** ?on= as asked (kept in the form when refused). */
  on?: string;
  onError?: PageFieldError;
  today: string;
}

export function DocumentPage({ chrome, data, timeZone, citation, on, onError, today }: DocumentPageProps) {
  const { doc } = data;
  const viewing = data.viewed !== undefined && on;
  const shown = viewing ? data.viewed : data.current;
  const issuers = [doc.issuer, ...doc.coIssuers].join('、');
  const interpretations = data.relations.filter((r) => r.kind === 'interpreted_by');
  const relations = data.relations.filter((r) => r.kind !== 'interpreted_by');
  const date = (d: string | null): ComponentChildren => (d ? <time dateTime={d}>{d}</time> : null);
  return (
    <SiteLayout
      chrome={chrome}
      title={doc.title}
      section={null}
      description={[doc.docNumber, doc.issuer, doc.publishedOn].filter(Boolean).join(' · ')}
      noindex={!!viewing}
      breadcrumbs={[{ href: '/', label: '首页' }, { href: '/search', label: '文件检索' }, { label: doc.title }]}
    >
      <h1>{doc.title}</h1>
      {viewing ? (
        <Notice kind="point-in-time" title={`您正在查看本文件在 ${on} 的有效性`}>
          {shown ? (
            <p>
              当日本文件为“{STATUS_LABELS[shown.status]}”{shown.since ? `（自 ${shown.since} 起）` : ''}。今天（{today}
              ）为“{STATUS_LABELS[data.current.status]}”。 下方的沿革中，所查日期之后的变化已标出。{' '}
              <a href={`/documents/${doc.id}`}>查看今日状态</a>
            </p>
          ) : (
            <p>
              {on} 当日本文件尚无有效性记录（尚未收录或尚未发布）。 <a href={`/documents/${doc.id}`}>查看今日状态</a>
            </p>
          )}
        </Notice>
      ) : null}
      {shown ? <Summary v={shown} data={data} /> : null}
      <nav class="section-nav" aria-label="本页目录">
        <ul>
          <li>
            <a href="#info">基本信息</a>
          </li>
          <li>
            <a href="#history">有效性沿革</a>
          </li>
          <li>
            <a href="#relations">相关文件</a>
          </li>
          <li>
            <a href="#interpretations">政策解读</a>
          </li>
          <li>
            <a href="#text">正文</a>
          </li>
        </ul>
      </nav>

      <section aria-labelledby="info">
        <h2 id="info">基本信息</h2>
        <MetadataList
          label="文件基本信息"
          items={[
            { label: '索引号', value: doc.indexNo },
            { label: '主题分类', value: doc.topic },
            { label: '发文机关', value: issuers },
            { label: '成文日期', value: date(doc.signedOn) },
            { label: '标题', value: doc.title, wide: true },
            { label: '发文字号', value: doc.docNumber },
            { label: '发布日期', value: date(doc.publishedOn) },
            { label: '施行日期', value: date(doc.effectiveFrom) },
            { label: '有效期至', value: date(doc.validUntil) },
            {
              label: '有效性',
              value: shown ? (
                <>
                  <StatusBadge status={shown.status} />
                  {viewing ? `（${on}）` : ''}
                </>
              ) : (
                '（当日尚无记录）'
              ),
            },
            { label: '文种', value: CATEGORY_LABELS[doc.category] },
            ...(doc.registrationNo ? [{ label: '统一登记号', value: doc.registrationNo }] : []),
            ...(doc.keywords.length ? [{ label: '主题词', value: doc.keywords.join('　') }] : []),
          ]}
        />
        {doc.summary ? (
          <>
            <h3>内容概述</h3>
            <p>{doc.summary}</p>
          </>
        ) : null}
        <p>
          引用链接：<a href={citation}>{decodeURI(citation)}</a>
        </p>
      </section>

      <section aria-labelledby="history">
        <h2 id="history">有效性沿革</h2>
        {data.events.length ? (
          <Timeline
            label="有效性沿革，按生效日期排列"
            items={historyTimeline(data.events, data.planned, { timeZone, on: viewing ? on : undefined })}
          />
        ) : (
          <p>暂无有效性记录。</p>
        )}
        <form method="get" action={`/documents/${doc.id}`} class="no-print">
          <TextField
            type="date"
            name="on"
            label="查看本文件在某一日期的有效性"
            hint="格式如 2023-06-30"
            value={on ?? ''}
            error={onError?.message}
            id="f-on"
          />
          <button type="submit">查看</button>
        </form>
      </section>

      <section aria-labelledby="relations" class="relations">
        <h2 id="relations">相关文件</h2>
        <Relations relations={relations} />
      </section>

      <section aria-labelledby="interpretations" class="relations">
        <h2 id="interpretations">政策解读</h2>
        <Interpretations rows={interpretations} />
      </section>

      <section aria-labelledby="text">
        <h2 id="text">正文</h2>
        <div class="doc-body">
          <BodyText body={doc.body} />
        </div>
      </section>
    </SiteLayout>
  );
}
