import { Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PostgresSearchEngine } from './engines/postgres-search.engine.js';
import { SEARCH_ENGINE, type SearchEngine } from './search-engine.js';

export function createSearchEngine(config: AppConfig, db: DataSource): SearchEngine {
  return new PostgresSearchEngine(db);
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
export class SearchEngineModule {}
