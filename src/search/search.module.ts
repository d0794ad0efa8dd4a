import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { QUEUES } from '../queues/queue-names.js';
import { SearchIndexProcessor } from './indexing/search-index.processor.js';
import { SearchIndexingStatus } from './indexing/search-indexing.status.js';
import { SearchOutboxDrainer } from './indexing/search-outbox.drainer.js';
import { SearchReindexService } from './indexing/search-reindex.service.js';
import { SearchEngineModule } from './search-engine.module.js';
import { SearchController } from './search.controller.js';
import { SearchService } from './search.service.js';

/** Public search, and the indexing that keeps it in step with the catalogue. */
@Module({
  imports: [SearchEngineModule, DocumentsModule, BullModule.registerQueue({ name: QUEUES.searchIndex })],
  controllers: [SearchController],
  providers: [SearchService, SearchOutboxDrainer, SearchIndexProcessor, SearchReindexService, SearchIndexingStatus],
  exports: [SearchService, SearchOutboxDrainer, SearchReindexService, SearchIndexingStatus],
})
export class SearchModule {}

/** What the CLI needs for search:reindex: the engine and the catalogue, no queue workers. */
@Module({
  imports: [SearchEngineModule, DocumentsModule],
  providers: [SearchReindexService],
  exports: [SearchReindexService],
})
export class SearchReindexModule {}
