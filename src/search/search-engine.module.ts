import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MeilisearchSearchEngine } from './engines/meilisearch-search.engine.js';
import { PostgresSearchEngine } from './engines/postgres-search.engine.js';
import { SEARCH_ENGINE, type SearchEngine } from './search-engine.js';

/** The Meilisearch index the library searches (rebuilds swap `documents_rebuild` into it). */
export const MEILISEARCH_INDEX_UID = 'documents';

export function createSearchEngine(config: AppConfig, db: DataSource): SearchEngine {
  if (config.SEARCH_ENGINE === 'meilisearch') {
    // loadConfig refuses SEARCH_ENGINE=meilisearch without MEILISEARCH_URL.
    return new MeilisearchSearchEngine({
      url: config.MEILISEARCH_URL!,
      apiKey: config.MEILISEARCH_API_KEY,
      indexUid: MEILISEARCH_INDEX_UID,
    });
  }
  return new PostgresSearchEngine(db, { resident: config.SEARCH_RESIDENT_INDEX === 'on' ? 'background' : 'off' });
}

/** The configured search engine (SEARCH_ENGINE), for the API, the indexer, the CLI and the health check. */
@Global()
@Module({
  providers: [
    {
      provide: SEARCH_ENGINE,
      inject: [APP_CONFIG, getDataSourceToken()],
      useFactory: createSearchEngine,
    },
  ],
  exports: [SEARCH_ENGINE],
})
export class SearchEngineModule implements OnApplicationShutdown {
  constructor(@Inject(SEARCH_ENGINE) private readonly engine: SearchEngine) {}

  async onApplicationShutdown(): Promise<void> {
    await this.engine.close();
  }
}
