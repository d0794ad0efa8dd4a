import { Controller, Get, Inject, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DocumentsService } from '../documents/documents.service.js';
import { DocumentsRepository } from '../documents/documents.repository.js';
import { renderPage } from '../ui/render.js';
import { localPath } from '../ui/urls.js';
import { ValidityRepository } from '../validity/validity.repository.js';
import { LibraryFacets } from './library-facets.service.js';
import { PageExceptionFilter, notFoundPage } from './page-errors.js';
import { CARE_COOKIE, PageKit } from './page-kit.js';
import { CACHE_CONTROL, sendHtml, sendText } from './page-response.js';
import { HomePage } from './pages/home-page.js';
import { SITEMAP_URLS_PER_FILE, sitemapIndex, urlset } from './sitemap.js';

const XML = 'application/xml; charset=utf-8';

/** The home page, the 关怀模式 switch, static assets, robots.txt and the sitemap. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Controller()
export class SiteController {
  constructor(
    private readonly kit: PageKit,
    private readonly facets: LibraryFacets,
    private readonly documents: DocumentsService,
    private readonly repository: DocumentsRepository,
    private readonly validity: ValidityRepository,
    @Inject(SITEMAP_URLS_PER_FILE) private readonly perFile: number,
  ) {}

  @Get()
  async home(@Req() req: Request, @Res() res: Response): Promise<void> {
    const [{ total, facets }, newest, ended] = await Promise.all([
      this.facets.facets(),
      this.documents.newest(0, 8),
      this.validity.recentEndings(this.kit.today(), 8),
    ]);
    const html = renderPage(
      <HomePage
        chrome={this.kit.chrome(req)}
        total={total}
        byCategory={facets.category}
        byStatus={facets.status}
        newest={newest}
        ended={ended}
        reportYear={Number(this.kit.today().slice(0, 4)) - 1}
      />,
    );
    sendHtml(res, html, { cache: 'page' });
  }

  /**
   * 关怀模式 on (`on=1`) or off (`on=0`), kept in a cookie for a year; back to the page the reader came from.
   * A plain link, so it works without script.
   */
  @Get('care-mode')
  careMode(@Query('on') on: unknown, @Query('back') back: unknown, @Res() res: Response): void {
    const enable = on !== '0';
    res.cookie(CARE_COOKIE, enable ? '1' : '0', {
      path: '/',
      maxAge: enable ? 365 * 86_400_000 : 0,
      sameSite: 'lax',
      httpOnly: true,
    });
    res.setHeader('Cache-Control', CACHE_CONTROL.none);
    res.redirect(303, localPath(back));
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    const asset = this.kit.assets.find(name);
    if (!asset) throw notFoundPage();
    res.setHeader('Cache-Control', CACHE_CONTROL.asset);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type(asset.type).send(asset.body);
  }

  @Get('favicon.ico')
  favicon(@Res() res: Response): void {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.redirect(301, this.kit.assets.url('icon.svg'));
  }

  @Get('robots.txt')
  robots(@Req() req: Request, @Res() res: Response): void {
    const body = [
      'User-agent: *',
      'Allow: /',
      // Searches and feeds are endless combinations of parameters; documents are all in the sitemap.
      'Disallow: /search',
      'Disallow: /search.atom',
      'Disallow: /care-mode',
      'Disallow: /api/',
      'Disallow: /console',
      '',
      `Sitemap: ${this.kit.baseUrl(req)}/sitemap.xml`,
      '',
    ].join('\n');
    sendText(res, body, { type: 'text/plain; charset=utf-8', cache: 'sitemap' });
  }

  /** Every document's page: one file, or past the limit of a file an index of files. */
  @Get('sitemap.xml')
  async sitemap(@Req() req: Request, @Res() res: Response): Promise<void> {
    const base = this.kit.baseUrl(req);
    const { total } = await this.documents.list({}, 1, 1);
    const files = Math.max(1, Math.ceil(total / this.perFile));
    if (files === 1 && total + this.pages(base).length <= this.perFile) {
      const docs = await this.repository.changeTimes(null, this.perFile);
      return sendText(res, urlset([...this.pages(base), ...this.documentUrls(base, docs)]), {
        type: XML,
        cache: 'sitemap',
      });
    }
    const locs = [`${base}/sitemaps/pages.xml`];
    for (let n = 1; n <= files; n++) locs.push(`${base}/sitemaps/documents-${n}.xml`);
    sendText(res, sitemapIndex(locs), { type: XML, cache: 'sitemap' });
  }

  @Get('sitemaps/pages.xml')
  sitemapPages(@Req() req: Request, @Res() res: Response): void {
    sendText(res, urlset(this.pages(this.kit.baseUrl(req))), { type: XML, cache: 'sitemap' });
  }

  @Get('sitemaps/documents-:n.xml')
  async sitemapFile(@Param('n') n: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!/^[1-9]\d{0,4}$/.test(n)) throw notFoundPage();
    const file = Number(n);
    const { marks } = await this.repository.idMarks(this.perFile);
    if (file > marks.length + 1) throw notFoundPage();
    const after = file === 1 ? null : marks[file - 2];
    const docs = await this.repository.changeTimes(after, this.perFile);
    if (!docs.length) throw notFoundPage();
    sendText(res, urlset(this.documentUrls(this.kit.baseUrl(req), docs)), { type: XML, cache: 'sitemap' });
  }

  private pages(base: string) {
    return [{ loc: `${base}/` }, { loc: `${base}/documents` }, { loc: `${base}/feeds` }];
  }

  private documentUrls(base: string, docs: { id: string; updatedAt: Date }[]) {
    return docs.map((d) => ({ loc: `${base}/documents/${d.id}`, lastmod: new Date(d.updatedAt).toISOString() }));
  }
}
