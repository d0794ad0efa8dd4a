import { LoginThrottleEntity } from '../auth/login-throttle.entity.js';
import { UserSessionEntity } from '../auth/user-session.entity.js';
import { UserEntity } from '../auth/user.entity.js';
import { CleanupCampaignEntity } from '../cleanups/cleanup-campaign.entity.js';
import { CleanupItemEntity } from '../cleanups/cleanup-item.entity.js';
import { DocumentEntity } from '../documents/document.entity.js';
import { IssuerEntity } from '../documents/issuer.entity.js';
import { DocumentChangeEntity } from '../outbox/document-change.entity.js';
import { ProvinceSyncRunEntity } from '../province-sync/province-sync-run.entity.js';
import { ProvinceSyncStateEntity } from '../province-sync/province-sync-state.entity.js';
import { DocumentRelationEntity } from '../relations/document-relation.entity.js';
import { ScheduledValidityActionEntity } from '../validity/scheduled-validity-action.entity.js';
import { ValidityEventEntity } from '../validity/validity-event.entity.js';
import { ValiditySpanEntity } from '../validity/validity-span.entity.js';

/** Every entity, listed once (globs of .ts files do not load under Vitest). */
export const ENTITIES = [
  IssuerEntity,
  DocumentEntity,
  ValidityEventEntity,
  UserEntity,
  UserSessionEntity,
  LoginThrottleEntity,
  DocumentChangeEntity,
  ProvinceSyncRunEntity,
  ProvinceSyncStateEntity,
  ScheduledValidityActionEntity,
  DocumentRelationEntity,
  CleanupCampaignEntity,
  CleanupItemEntity,
  ValiditySpanEntity,
];
