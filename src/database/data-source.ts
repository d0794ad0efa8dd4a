import 'reflect-metadata';
import pg from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { loadDatabaseUrl } from '../config/app-config.js';
import { AuditContextSubscriber } from './audit-context.subscriber.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

// Calendar dates stay 'YYYY-MM-DD' strings; pg would otherwise make them local-midnight instants.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint identities fit in a JS number for any realistic event count, but keep them exact as strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    uuidExtension: 'pgcrypto',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    subscribers: [AuditContextSubscriber],
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migration',
    extra: { max: 10 },
  };
}

/** Lazily built for the TypeORM CLI (`migration:generate`, run from dist/). */
export function cliDataSource(): DataSource {
  return new DataSource(dataSourceOptions(loadDatabaseUrl(process.env)));
}
