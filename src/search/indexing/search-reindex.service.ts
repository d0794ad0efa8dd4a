import { Inject, Injectable } from '@nestjs/common';
import { DocumentsRepository } from '../../documents/documents.repository.js';
import { SEARCH_ENGINE, type SearchEngine } from '../search-engine.js';
import { toSearchable } from '../searchable-document.js';

export interface ReindexProgress {
  indexed: number;
  total: number;
  elapsedMs: number;
}

const PAGE = 1_000;

/**
 * Rebuilds the whole index from the catalogue while search keeps answering: the engine builds the new
 * index beside the live one (Meilisearch: a new index swapped in; PostgreSQL: rows rewritten in batches,
 * leftovers removed at the end) and only then makes it live.
 */
@Injectable()
export class SearchReindexService {
  constructor(
    private readonly documents: DocumentsRepository,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
  ) {}

  async reindex(onProgress: (p: ReindexProgress) => void = () => undefined): Promise<ReindexProgress> {
    const started = performance.now();
    const startedAt = new Date(Date.now() - 60_000).toISOString();
    const { total } = await this.documents.list({}, 1, 1);
    const rebuild = await this.engine.beginRebuild();
    let indexed = 0;
    // The next page is read while the current one is written.
    let next = this.documents.pageForExport(null, PAGE);
    try {
      for (;;) {
        const page = await next;
        if (!page.length) break;
        next = this.documents.pageForExport(page[page.length - 1].id, PAGE);
        await rebuild.write(page.map(toSearchable));
        indexed += page.length;
        onProgress({ indexed, total: Math.max(total, indexed), elapsedMs: performance.now() - started });
      }
      await rebuild.commit();
      if (!rebuild.keepsLiveWrites) await this.catchUp(startedAt);
    } catch (e) {
      await next.catch(() => undefined);
      await rebuild.abort().catch(() => undefined);
      throw e;
    }
    return { indexed, total: Math.max(total, indexed), elapsedMs: performance.now() - started };
  }

  /**
   * A document changed while the rebuild ran may have been read before its change, and its indexing job
   * written to the index that was then swapped out (Meilisearch; PostgreSQL carries such writes over). Writing such documents once more after
   * the swap closes that gap. (A minute's margin covers clock skew between the app and the database.)
   */
  private async catchUp(since: string): Promise<void> {
    for (let page = 1; ; page++) {
      const { items } = await this.documents.list({ updatedSince: since }, page, 100);
      const docs = (await Promise.all(items.map((d) => this.documents.findById(d.id)))).filter((d) => d !== null);
      if (docs.length) await this.engine.upsert(docs.map(toSearchable));
      if (items.length < 100) return;
    }
  }
}
