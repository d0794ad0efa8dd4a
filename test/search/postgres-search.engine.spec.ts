import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { PostgresSearchEngine } from '../../src/search/engines/postgres-search.engine.js';
import { createTestDatabase } from '../helpers/test-database.js';
import { describeSearchEngineContract } from './search-engine.contract.js';

describeSearchEngineContract('PostgreSQL', async () => {
  const db = await createTestDatabase();
  const ds = new DataSource(dataSourceOptions(db.url));
  await ds.initialize();
  const engine = new PostgresSearchEngine(ds);
  return {
    engine,
    capabilities: { infix: true, versionGuard: true },
    async close() {
      await engine.close();
      await ds.destroy();
      await db.drop();
    },
  };
});
