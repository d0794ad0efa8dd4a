import { CreateCatalogue1795844944744 } from './1795844944744-create-catalogue.js';
import { AddedDocumentChangeOutbox1795845120881 } from './1795845120881-added_document_change_outbox.js';
import { CompressedDocumentTextWithLz41795845300000 } from './1795845300000-compressed_document_text_with_lz4.js';
import { AddedSearchDocument1795845500000 } from './1795845500000-added_search_document.js';
import { AddedSearchIndexGeneration1795845600000 } from './1795845600000-added_search_index_generation.js';
import { NarrowedTitleIndexToUnnumberedDocuments1795845865989 } from './1795845865989-narrowed_title_index_to_unnumbered_documents.js';

/** Every migration in order, listed explicitly (a glob of .ts files does not load under Vitest). */
export const MIGRATIONS = [
  CreateCatalogue1795844944744,
  AddedDocumentChangeOutbox1795845120881,
  CompressedDocumentTextWithLz41795845300000,
  AddedSearchDocument1795845500000,
  AddedSearchIndexGeneration1795845600000,
  NarrowedTitleIndexToUnnumberedDocuments1795845865989,
];
