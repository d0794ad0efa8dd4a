import type { StoredDocument } from '../documents/document.model.js';
import type { SearchableDocument } from './search-engine.js';

export function toSearchable(d: StoredDocument): SearchableDocument {
  return {
    id: d.id,
    title: d.title,
    docNumber: d.docNumber,
    issuer: d.issuer,
    coIssuers: d.coIssuers,
    category: d.category,
    status: d.status,
    publishedOn: d.publishedOn,
    topic: d.topic,
    keywords: d.keywords,
    summary: d.summary,
    body: d.body,
    version: d.version,
  };
}
