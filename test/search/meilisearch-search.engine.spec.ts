import { randomBytes } from 'node:crypto';
import { Meilisearch } from 'meilisearch';
import { MeilisearchSearchEngine } from '../../src/search/engines/meilisearch-search.engine.js';
import { describeSearchEngineContract } from './search-engine.contract.js';

/** Set MEILISEARCH_URL (and MEILISEARCH_API_KEY) to hold the Meilisearch engine to the contract. */
const url = process.env.MEILISEARCH_URL;
const apiKey = process.env.MEILISEARCH_API_KEY;

if (url) {
  describeSearchEngineContract(`Meilisearch at ${url}`, async () => {
    const indexUid = `test_documents_${randomBytes(4).toString('hex')}`;
    return {
      engine: new MeilisearchSearchEngine({ url, apiKey, indexUid }),
      capabilities: { infix: false, versionGuard: false },
      async close() {
        const client = new Meilisearch({ host: url, apiKey });
        await client.deleteIndex(indexUid).waitTask();
      },
    };
  });
} else {
  console.warn(
    'SKIPPED: the Meilisearch search engine contract tests did not run because MEILISEARCH_URL is not set. ' +
      'Run them with MEILISEARCH_URL=http://127.0.0.1:7700 [MEILISEARCH_API_KEY=…] npm test.',
  );
  describe.skip('search engine contract: Meilisearch (skipped: MEILISEARCH_URL is not set)', () => {
    it('runs only against a live Meilisearch', () => undefined);
  });
}
