import { CreateCatalogue1795844944744 } from './1795844944744-create-catalogue.js';
import { AddedDocumentChangeOutbox1795845120881 } from './1795845120881-added_document_change_outbox.js';
import { AddedProvinceSyncRunAndState1795845329643 } from './1795845329643-added_province_sync_run_and_state.js';
import { AddedProvinceSyncActiveRunAndVersionTracking1795845329700 } from './1795845329700-added_province_sync_active_run_and_version_tracking.js';

/** Every migration in order, listed explicitly (a glob of .ts files does not load under Vitest). */
export const MIGRATIONS = [
  CreateCatalogue1795844944744,
  AddedDocumentChangeOutbox1795845120881,
  AddedProvinceSyncRunAndState1795845329643,
  AddedProvinceSyncActiveRunAndVersionTracking1795845329700,
];
