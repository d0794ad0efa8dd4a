import { UserEntity } from '../auth/user.entity.js';
import { DocumentEntity } from '../documents/document.entity.js';
import { IssuerEntity } from '../documents/issuer.entity.js';
import { DocumentChangeEntity } from '../outbox/document-change.entity.js';
import { ProvinceSyncRunEntity } from '../province-sync/province-sync-run.entity.js';
import { ProvinceSyncStateEntity } from '../province-sync/province-sync-state.entity.js';
import { ValidityEventEntity } from '../validity/validity-event.entity.js';

/** Every entity, listed once (globs of .ts files do not load under Vitest). */
export const ENTITIES = [
  IssuerEntity,
  DocumentEntity,
  ValidityEventEntity,
  UserEntity,
  DocumentChangeEntity,
  ProvinceSyncRunEntity,
  ProvinceSyncStateEntity,
];
