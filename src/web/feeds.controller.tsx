import { Controller, Get, Inject, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { CATEGORY_LABELS, type DocumentCategory } from '../documents/document-category.js';
import { DocumentsService } from '../documents/documents.service.js';
import { SearchQueryDto } from '../search/dto/search.query.js';
import { SearchService } from '../search/search.service.js';
import { renderPage } from '../ui/render.js';
import { withQuery } from '../ui/urls.js';
import { STATUS_LABELS } from '../validity/validity-status.js';
import { ValidityRepository } from '../validity/validity.repository.js';
import { atomFeed, type AtomEntry } from './atom.js';
import { PageExceptionFilter } from './page-errors.js';
import { PageKit } from './page-kit.js';
import { readQuery } from './page-query.js';
import { sendHtml, sendText } from './page-response.js';
import { FeedsPage } from './pages/feeds-page.js';
import { actedBy, basisOf, eventSentence, reasonOf } from './public-history.js';
import { SITE_NAME } from './site-layout.js';
import { dateAtMidnight } from './xml.js';

const ATOM = 'application/atom+xml; charset=utf-8';
/** Entries in one feed document. */
export const FEED_PAGE_SIZE = 50;
/** The documents feed pages this deep at most (older documents are in the sitemap and the search). */
const MAX_FEED_PAGE = 200;
const EPOCH = '1970-01-01T00:00:00Z';

const newest = (dates: string[]) => dates.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a), EPOCH);

/** The Atom feeds: newest documents, every validity change, and any search. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Controller()
export class FeedsController {
  constructor(
    private readonly kit: PageKit,
    private readonly documents: DocumentsService,
    private readonly validity: ValidityRepository,
    private readonly search: SearchService,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'APP_TIMEZONE'>,
  ) {}

  @Get('feeds')
  page(@Req() req: Request, @Res() res: Response): void {
    sendHtml(res, renderPage(<FeedsPage chrome={this.kit.chrome(req)} base={this.kit.baseUrl(req)} />), {
      cache: 'page',
    });
  }

  /** Newest published first (`?page=`). */
  @Get('feeds/documents.atom')
  async documentsFeed(@Query('page') pageParam: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const page = this.pageNumber(pageParam, MAX_FEED_PAGE);
    if (page === null) return this.refuse(res, `page 须为 1 至 ${MAX_FEED_PAGE} 之间的整数`);
    const base = this.kit.baseUrl(req);
    // One more than a page tells whether there is a next one (no count of the whole catalogue).
    const found = await this.documents.newest((page - 1) * FEED_PAGE_SIZE, FEED_PAGE_SIZE + 1);
    const items = found.slice(0, FEED_PAGE_SIZE);
    const at = (p: number) => `${base}${withQuery('/feeds/documents.atom', { page: p === 1 ? undefined : p })}`;
    const entries: AtomEntry[] = items.map((d) => ({
      id: `urn:uuid:${d.id}`,
      title: d.docNumber ? `${d.title}（${d.docNumber}）` : d.title,
      updated: d.updatedAt.toISOString(),
      published: d.publishedOn ? dateAtMidnight(d.publishedOn, this.config.APP_TIMEZONE) : undefined,
      link: `${base}/documents/${d.id}`,
      authors: [d.issuer, ...d.coIssuers],
      categories: [{ term: d.category, label: CATEGORY_LABELS[d.category] }],
      summary: [
        d.docNumber ? `发文字号：${d.docNumber}` : '',
        `发文机关：${[d.issuer, ...d.coIssuers].join('、')}`,
        d.publishedOn ? `发布日期：${d.publishedOn}` : '',
        `有效性：${STATUS_LABELS[d.status]}`,
        d.summary ?? '',
      ]
        .filter(Boolean)
        .join('\n'),
    }));
    const xml = atomFeed({
      id: `${base}/feeds/documents.atom`,
      title: `${SITE_NAME}：最新发布的文件`,
      subtitle: '新发布的规章、行政规范性文件和其他政策文件，按发布日期从新到旧。',
      updated: newest(entries.map((e) => e.updated)),
      self: at(page),
      alternate: `${base}/documents`,
      author: { name: SITE_NAME, uri: `${base}/` },
      paging: {
        first: at(1),
        previous: page > 1 ? at(page - 1) : undefined,
        next: found.length > FEED_PAGE_SIZE && page < MAX_FEED_PAGE ? at(page + 1) : undefined,
      },
      entries,
    });
    sendText(res, xml, { type: ATOM, cache: 'feed' });
  }

  /** Every validity change (repeal, expiry, partial invalidity, taking effect, corrections), newest recorded first (`?before=`). */
  @Get('feeds/validity.atom')
  async validityFeed(@Query('before') before: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (before !== undefined && (typeof before !== 'string' || !/^[1-9]\d{0,17}$/.test(before))) {
      return this.refuse(res, 'before 须为一个事件编号（正整数）');
    }
    const base = this.kit.baseUrl(req);
    const rows = await this.validity.recentChanges({ beforeId: before, limit: FEED_PAGE_SIZE + 1 });
    const changes = rows.slice(0, FEED_PAGE_SIZE);
    const at = (b?: string) => `${base}${withQuery('/feeds/validity.atom', { before: b })}`;
    const entries: AtomEntry[] = changes.map((e) => {
      const basis = basisOf(e);
      const reason = reasonOf(e);
      return {
        id: `${base}/documents/${e.documentId}#event-${e.id}`,
        title: `${STATUS_LABELS[e.toStatus]}：${e.title}${e.docNumber ? `（${e.docNumber}）` : ''}`,
        updated: new Date(e.recordedAt).toISOString(),
        published: dateAtMidnight(e.effectiveOn, this.config.APP_TIMEZONE),
        link: `${base}/documents/${e.documentId}#event-${e.id}`,
        authors: [actedBy(e)],
        categories: [{ term: e.toStatus, label: STATUS_LABELS[e.toStatus] }],
        summary: [
          `${e.effectiveOn} 起，${eventSentence(e)}。`,
          `文件：${e.title}${e.docNumber ? `（${e.docNumber}，${e.issuer}）` : `（${e.issuer}）`}`,
          basis ? `依据：${basis.label}` : '',
          reason ? `理由：${reason}` : '',
          e.provisions?.length ? `不再有效的条款：${e.provisions.join('、')}` : '',
          e.correctedByEventId ? '（此记录后经更正，不再计入）' : '',
        ]
          .filter(Boolean)
          .join('\n'),
      };
    });
    const xml = atomFeed({
      id: `${base}/feeds/validity.atom`,
      title: `${SITE_NAME}：有效性变化`,
      subtitle: '文件的废止、失效、部分失效、施行及更正，按记录时间从新到旧。',
      updated: newest(entries.map((e) => e.updated)),
      self: at(before as string | undefined),
      alternate: `${base}/`,
      author: { name: SITE_NAME, uri: `${base}/` },
      paging: {
        first: at(),
        next: rows.length > FEED_PAGE_SIZE ? at(changes.at(-1)!.id) : undefined,
      },
      entries,
    });
    sendText(res, xml, { type: ATOM, cache: 'feed' });
  }

  /** Any search as a feed: the search's parameters; newest published first unless `sort` says otherwise. */
  @Get('search.atom')
  async searchFeed(@Query() raw: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const read = await readQuery(SearchQueryDto, { sort: '-publishedOn', ...raw });
    if (!read.ok) return this.refuse(res, read.errors.map((e) => e.message).join('；'));
    const query = read.value;
    const answer = await this.search.search(query);
    const base = this.kit.baseUrl(req);
    const params = { ...(raw as Record<string, string>) };
    delete params.page;
    const totalPages = Math.min(Math.ceil(answer.total / query.pageSize), 100);
    const at = (p: number) => `${base}${withQuery('/search.atom', { ...params, page: p === 1 ? undefined : p })}`;
    const q = query.q.trim();
    const entries: AtomEntry[] = answer.hits.map((h) => {
      const day = h.publishedOn ? dateAtMidnight(h.publishedOn, this.config.APP_TIMEZONE) : EPOCH;
      return {
        id: `urn:uuid:${h.id}`,
        title: h.docNumber ? `${h.title}（${h.docNumber}）` : h.title,
        updated: day,
        published: h.publishedOn ? day : undefined,
        link: `${base}/documents/${h.id}`,
        authors: [h.issuer],
        categories: [{ term: h.category, label: CATEGORY_LABELS[h.category as DocumentCategory] }],
        summary: [
          h.docNumber ? `发文字号：${h.docNumber}` : '',
          `发文机关：${h.issuer}`,
          h.publishedOn ? `发布日期：${h.publishedOn}` : '',
          `有效性：${h.statusLabel}`,
        ]
          .filter(Boolean)
          .join('\n'),
      };
    });
    const xml = atomFeed({
      id: `${base}${withQuery('/search.atom', params)}`,
      title: `${SITE_NAME}检索：${q || '全部文件'}`,
      subtitle: answer.matching === 'any' ? '没有同时包含全部检索词的文件，以下只包含部分检索词。' : undefined,
      updated: newest(entries.map((e) => e.updated)),
      self: at(query.page),
      alternate: `${base}${withQuery('/search', params)}`,
      author: { name: SITE_NAME, uri: `${base}/` },
      paging: {
        first: at(1),
        previous: query.page > 1 ? at(query.page - 1) : undefined,
        next: query.page < totalPages ? at(query.page + 1) : undefined,
        last: totalPages > 0 ? at(totalPages) : undefined,
      },
      entries,
    });
    sendText(res, xml, { type: ATOM, cache: 'search' });
  }

  private pageNumber(raw: unknown, max: number): number | null {
    if (raw === undefined) return 1;
    if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw)) return null;
    const n = Number(raw);
    return n >= 1 && n <= max ? n : null;
  }

  private refuse(res: Response, message: string): void {
    sendText(res, `${message}\n`, { type: 'text/plain; charset=utf-8', cache: 'none', status: 400 });
  }
}
