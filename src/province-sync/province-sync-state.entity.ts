import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { DocumentEntity } from '../documents/document.entity.js';

/**
 * Where each document stands with the province. `current_version` mirrors `document.version`
 * (kept by a trigger, see the migration `added_province_sync_state`), so that the delta — the documents
 * due for the push — is read from one small partial index instead of comparing two whole tables.
 */
@Entity('province_sync_state')
@Index('ix_province_sync_state_due', ['documentId'], {
  where: `"current_version" > COALESCE("accepted_version", 0) AND "current_version" IS DISTINCT FROM "rejected_version"`,
})
@Index('ix_province_sync_state_rejected', ['rejectedVersion'], { where: `"rejected_version" IS NOT NULL` })
export class ProvinceSyncStateEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid', primaryKeyConstraintName: 'pk_province_sync_state' })
  documentId: string;

  @OneToOne(() => DocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_province_sync_state_document' })
  document?: DocumentEntity;

  /** The document's version now (copied by trigger). */
  @Column({ name: 'current_version', type: 'integer' })
  currentVersion: number;

  /** The last version the province accepted, and its content checksum. */
  @Column({ name: 'accepted_version', type: 'integer', nullable: true })
  acceptedVersion: number | null;

  @Column({ name: 'accepted_checksum', type: 'text', nullable: true })
  acceptedChecksum: string | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  /** The version the province last rejected, and why; not sent again until the document changes. */
  @Column({ name: 'rejected_version', type: 'integer', nullable: true })
  rejectedVersion: number | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true })
  rejectedAt: Date | null;

  @Column({ name: 'last_attempt_run_id', type: 'uuid', nullable: true })
  lastAttemptRunId: string | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  /** Why the last attempt failed (batch failure), cleared when the province answers. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
