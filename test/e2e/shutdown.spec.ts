import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { PostgresSearchEngine } from '../../src/search/engines/postgres-search.engine.js';
import { SEARCH_ENGINE, type SearchEngine, SearchEngineError } from '../../src/search/search-engine.js';
import { createTestApp } from '../helpers/test-app.js';
import { createTestDatabase } from '../helpers/test-database.js';

describe('stopping the application', () => {
  it(
    'takes no new request once stopping, and answers those under way before the pools close',
    { timeout: 30_000 },
    async () => {
      const db = await createTestDatabase();
      const ds = new DataSource(dataSourceOptions(db.url));
      await ds.initialize();
      const real = new PostgresSearchEngine(ds);
      // The real engine, except that a search takes 2 s and a closed engine refuses, as a pool that has
      // ended does. (Nest closes the HTTP server, waiting for the requests under way, before the
      // onApplicationShutdown hooks close the pools: this holds the application to that order.)
      let closed = false;
      const engine: SearchEngine = Object.assign(Object.create(real) as SearchEngine, {
        search: async (query: Parameters<SearchEngine['search']>[0]) => {
          await new Promise((r) => setTimeout(r, 2_000));
          if (closed) throw new SearchEngineError('the engine is closed', false);
          return real.search(query);
        },
        close: async () => {
          closed = true;
          await real.close();
        },
      });
      const t = await createTestApp({ db, overrides: [{ provide: SEARCH_ENGINE, useValue: engine }] });
      try {
        const server = t.app.getHttpServer() as Server;
        await t.app.listen(0, '127.0.0.1');
        const { port } = server.address() as AddressInfo;
        let received = 0;
        server.on('request', () => received++);
        const answer = fetch(`http://127.0.0.1:${port}/api/v1/search?q=${encodeURIComponent('养老')}`);
        while (received < 1) await new Promise((r) => setTimeout(r, 2));

        const stopping = t.app.close();
        await new Promise((r) => setTimeout(r, 200));
        // Once stopping, it takes no new request (a load balancer sends it elsewhere) instead of taking it and
        // failing it with 503 when the pools close under it...
        await expect(fetch(`http://127.0.0.1:${port}/api/v1/health`)).rejects.toThrow();
        // ...and answers the one under way before they close.
        expect((await answer).status).toBe(200);
        await stopping;
        expect(closed).toBe(true);
      } finally {
        await ds.destroy();
        await db.drop();
      }
    },
  );
});
