import { Controller, Get, Inject, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { isCalendarDate } from '../common/calendar-date.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DocumentsService } from '../documents/documents.service.js';
import { ListDocumentsQuery } from '../documents/dto/list-documents.query.js';
import { renderPage } from '../ui/render.js';
import { DocNumberLookup } from './doc-number-lookup.service.js';
import { DocumentPageService } from './document-page.service.js';
import { PageExceptionFilter, notFoundPage } from './page-errors.js';
import { PageKit } from './page-kit.js';
import { readQuery, typed, type PageFieldError } from './page-query.js';
import { notModified, sendHtml } from './page-response.js';
import { DocNumberPage } from './pages/doc-number-page.js';
import { DocumentPage } from './pages/document-page.js';
import { DocumentsPage } from './pages/documents-page.js';
import { LibraryFacets } from './library-facets.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Document pages: one document (today or on a day), the catalogue on a day, and 发文字号 permalinks. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Controller()
export class DocumentPagesController {
  constructor(
    private readonly kit: PageKit,
    private readonly pages: DocumentPageService,
    private readonly documents: DocumentsService,
    private readonly numbers: DocNumberLookup,
    private readonly issuers: LibraryFacets,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'APP_TIMEZONE'>,
  ) {}

  @Get('documents')
  async list(@Query() raw: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const form = { inForceOn: typed(raw, 'inForceOn'), category: typed(raw, 'category'), issuer: typed(raw, 'issuer') };
    const [read, issuers] = await Promise.all([readQuery(ListDocumentsQuery, raw), this.issuers.names()]);
    const chrome = this.kit.chrome(req);
    const today = this.kit.today();
    if (!read.ok) {
      const html = renderPage(
        <DocumentsPage chrome={chrome} form={form} issuers={issuers} errors={read.errors} query={{}} today={today} />,
      );
      return sendHtml(res, html, { status: 400, cache: 'none' });
    }
    const { page, pageSize, ...filter } = read.value;
    const { total, items } = await this.documents.list(filter, page, pageSize);
    const onDay = filter.inForceOn;
    const query = Object.fromEntries(
      Object.entries({ ...filter, pageSize: pageSize === 20 ? undefined : pageSize }).filter(
        ([, v]) => v !== undefined && v !== '',
      ),
    ) as Record<string, string>;
    const html = renderPage(
      <DocumentsPage
        chrome={chrome}
        form={form}
        issuers={issuers}
        errors={[]}
        query={query}
        today={today}
        result={{
          total,
          page,
          pageSize,
          items: items.map((d) => ({ ...d, href: onDay ? `/documents/${d.id}?on=${onDay}` : undefined })),
        }}
      />,
    );
    sendHtml(res, html, { cache: 'page' });
  }

  @Get('documents/:id')
  async document(
    @Param('id') id: string,
    @Query() raw: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (!UUID.test(id)) throw notFoundPage('没有这个地址的文件，请检查链接是否完整。');
    const on = typed(raw, 'on');
    const onError: PageFieldError | undefined =
      on && !isCalendarDate(on) ? { field: 'on', message: '查看日期须为有效日期，格式如 2024-01-31' } : undefined;
    const data = await this.pages.load(id, on && !onError ? on : undefined);
    const chrome = this.kit.chrome(req);
    // Today only matters to a page viewed on another day (its banner compares the two).
    const today = on ? this.kit.today() : '';
    // The page changes when the document does (its version), when a related document's number, title or
    // status does, or the site's assets; the day viewed and 关怀模式 are part of the address or the cookie.
    const etag = `"${createHash('sha256')
      .update(
        JSON.stringify([
          data.doc.id,
          data.doc.version,
          data.relations.map((r) => [r.id, r.docNumber, r.title, r.status]),
          on,
          on ? today : null,
          chrome.care,
          this.kit.assets.fingerprint,
        ]),
      )
      .digest('base64url')
      .slice(0, 27)}"`;
    if (!onError && notModified(req, res, etag, 'page')) return;
    const base = this.kit.baseUrl(req);
    const citation = data.doc.docNumber
      ? `${base}/d/${encodeURIComponent(data.doc.docNumber)}`
      : `${base}/documents/${data.doc.id}`;
    const html = renderPage(
      <DocumentPage
        chrome={chrome}
        data={data}
        timeZone={this.config.APP_TIMEZONE}
        citation={citation}
        on={on || undefined}
        onError={onError}
        today={today}
      />,
    );
    sendHtml(res, html, { status: onError ? 400 : 200, cache: onError ? 'none' : 'page' });
  }

  /** A 发文字号 in any written form: 301 to its document, a list when several issuers use it, else 404. */
  @Get('d/:number')
  async permalink(@Param('number') number: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const text = number.trim().slice(0, 100);
    const found = text ? await this.numbers.find(text) : [];
    if (found.length === 1) {
      res.setHeader('Cache-Control', 'public, max-age=300');
      return res.redirect(301, `/documents/${found[0].id}`);
    }
    const html = renderPage(<DocNumberPage chrome={this.kit.chrome(req)} number={text} items={found} />);
    sendHtml(res, html, { status: found.length ? 200 : 404, cache: found.length ? 'page' : 'none' });
  }
}
