import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { RelationsModule } from '../relations/relations.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { SearchModule } from '../search/search.module.js';
import { ValidityModule } from '../validity/validity.module.js';
import { DocNumberLookup } from './doc-number-lookup.service.js';
import { DocumentPageService } from './document-page.service.js';
import { DocumentPagesController } from './document-pages.controller.js';
import { FeedsController } from './feeds.controller.js';
import { LibraryFacets } from './library-facets.service.js';
import { PageErrorRenderer, PageExceptionFilter } from './page-errors.js';
import { PageKit } from './page-kit.js';
import { ReportsPageController } from './reports-page.controller.js';
import { SearchPageController } from './search-page.controller.js';
import { SiteController } from './site.controller.js';
import { SITEMAP_LIMIT, SITEMAP_URLS_PER_FILE } from './sitemap.js';

/**
 * The public website (SPEC 7): server-rendered pages in Chinese at the root, beside the API. Pages call the
 * services that own the data (search, documents, validity, reports), never the API over HTTP.
 */
@Module({
  imports: [DocumentsModule, RelationsModule, ValidityModule, ReportsModule, SearchModule],
  controllers: [SiteController, SearchPageController, DocumentPagesController, ReportsPageController, FeedsController],
  providers: [
    PageKit,
    PageErrorRenderer,
    PageExceptionFilter,
    DocumentPageService,
    DocNumberLookup,
    LibraryFacets,
    { provide: SITEMAP_URLS_PER_FILE, useValue: SITEMAP_LIMIT },
  ],
  exports: [PageKit, PageErrorRenderer],
})
export class WebModule {}
