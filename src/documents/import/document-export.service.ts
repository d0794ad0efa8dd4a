import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Injectable } from '@nestjs/common';
import { toDocumentResponse } from '../dto/document.response.js';
import { DocumentsRepository } from '../documents.repository.js';

/** Writes the whole catalogue as JSONL in the API's field names; `import` reads it back unchanged. */
@Injectable()
export class DocumentExportService {
  constructor(private readonly documents: DocumentsRepository) {}

  async exportFile(path: string, onProgress?: (written: number) => void): Promise<{ written: number }> {
    const out = createWriteStream(path, { encoding: 'utf8' });
    let written = 0;
    let afterId: string | null = null;
    try {
      for (;;) {
        const page = await this.documents.pageForExport(afterId, 1000);
        if (!page.length) break;
        for (const doc of page) {
          if (!out.write(JSON.stringify(toDocumentResponse(doc, { withBody: true })) + '\n')) await once(out, 'drain');
        }
        written += page.length;
        afterId = page[page.length - 1].id;
        onProgress?.(written);
      }
    } finally {
      out.end();
      await once(out, 'finish');
    }
    return { written };
  }
}
