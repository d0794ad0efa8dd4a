import { Injectable } from '@nestjs/common';
import type { StoredDocument } from '../documents/document.model.js';
import { DocumentsRepository } from '../documents/documents.repository.js';
import { docNumberKey } from '../search/doc-number-key.js';
import { SearchQueryDto } from '../search/dto/search.query.js';
import { SearchService } from '../search/search.service.js';
import { docNumberForms } from './doc-number-forms.js';

/** The library's documents that carry a 发文字号 typed in any written form (permalinks, search jumps). */
@Injectable()
export class DocNumberLookup {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly search: SearchService,
  ) {}

  /** Documents with that number, of any issuer; empty when the text is not a number the library holds. */
  async find(
    raw: string,
  ): Promise<Pick<StoredDocument, 'id' | 'title' | 'docNumber' | 'issuer' | 'status' | 'publishedOn'>[]> {
    const { forms, key } = docNumberForms(raw);
    const stored = await this.documents.findByDocNumbers(forms);
    if (stored.length || !key) return stored;
    // A number stored in a form none of the above spells (攀府发2024年5号): the search index keys every
    // number the same way.
    const answer = await this.search.search(Object.assign(new SearchQueryDto(), { q: key, pageSize: 20 }));
    return answer.hits
      .filter((h) => docNumberKey(h.docNumber) === key)
      .map((h) => ({
        id: h.id,
        title: h.title,
        docNumber: h.docNumber,
        issuer: h.issuer,
        status: h.status,
        publishedOn: h.publishedOn,
      }));
  }
}
