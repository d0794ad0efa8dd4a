import { CreateCatalogue1795844944744 } from './1795844944744-create-catalogue.js';
import { AddedDocumentChangeOutbox1795845120881 } from './1795845120881-added_document_change_outbox.js';
import { CompressedDocumentTextWithLz41795845300000 } from './1795845300000-compressed_document_text_with_lz4.js';
import { AddedValidityScheduleRelationsAndCleanups1795845344474 } from './1795845344474-added_validity_schedule_relations_and_cleanups.js';
import { MadeValidityEventsAppendOnly1795845400000 } from './1795845400000-made_validity_events_append_only.js';
import { AddedSearchDocument1795845500000 } from './1795845500000-added_search_document.js';
import { AddedSearchIndexGeneration1795845600000 } from './1795845600000-added_search_index_generation.js';
import { NarrowedTitleIndexToUnnumberedDocuments1795845865989 } from './1795845865989-narrowed_title_index_to_unnumbered_documents.js';
import { AddedProvinceSyncRunAndState1795846000000 } from './1795846000000-added_province_sync_run_and_state.js';
import { AddedProvinceSyncActiveRunAndVersionTracking1795846000100 } from './1795846000100-added_province_sync_active_run_and_version_tracking.js';
import { AddedValiditySpan1795847487005 } from './1795847487005-added_validity_span.js';
import { KeptValiditySpansByTrigger1795847500000 } from './1795847500000-kept_validity_spans_by_trigger.js';
import { IndexedDocumentsNewestFirst1795847500001 } from './1795847500001-indexed_documents_newest_first.js';
import { AllowedCancellingScheduledValidityActions1795847600000 } from './1795847600000-allowed_cancelling_scheduled_validity_actions.js';
import { SplitSearchMatchingIntoNarrowTable1795848000000 } from './1795848000000-split_search_matching_into_narrow_table.js';
import { NumberedSearchMatches1795849000000 } from './1795849000000-numbered_search_matches.js';
import { AddedUserSessionsAndLoginThrottle1796402495024 } from './1796402495024-added_user_sessions_and_login_throttle.js';
import { AddedAuditLogAndSessionTriggers1796402495100 } from './1796402495100-added_audit_log_and_session_triggers.js';
import { IndexedDocNumbersAndValidityChanges1796403337988 } from './1796403337988-indexed_doc_numbers_and_validity_changes.js';

/** Every migration in order, listed explicitly (a glob of .ts files does not load under Vitest). */
export const MIGRATIONS = [
  CreateCatalogue1795844944744,
  AddedDocumentChangeOutbox1795845120881,
  CompressedDocumentTextWithLz41795845300000,
  AddedValidityScheduleRelationsAndCleanups1795845344474,
  MadeValidityEventsAppendOnly1795845400000,
  AddedSearchDocument1795845500000,
  AddedSearchIndexGeneration1795845600000,
  NarrowedTitleIndexToUnnumberedDocuments1795845865989,
  AddedProvinceSyncRunAndState1795846000000,
  AddedProvinceSyncActiveRunAndVersionTracking1795846000100,
  AddedValiditySpan1795847487005,
  KeptValiditySpansByTrigger1795847500000,
  IndexedDocumentsNewestFirst1795847500001,
  AllowedCancellingScheduledValidityActions1795847600000,
  SplitSearchMatchingIntoNarrowTable1795848000000,
  NumberedSearchMatches1795849000000,
  AddedUserSessionsAndLoginThrottle1796402495024,
  AddedAuditLogAndSessionTriggers1796402495100,
  IndexedDocNumbersAndValidityChanges1796403337988,
];
