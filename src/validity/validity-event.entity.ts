import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DocumentEntity } from '../documents/document.entity.js';

/**
 * One change of a document's 有效性, append-only. The document's current status
 * is derived from these rows and its dates.
 */
@Entity('validity_event')
@Index('ix_validity_event_document', ['documentId', 'effectiveOn', 'id'])
@Index('uq_validity_event_corrects', ['correctsEventId'], { unique: true, where: '"corrects_event_id" IS NOT NULL' })
// The validity feed: every change of status (all but a document's first event), newest recorded first.
@Index('ix_validity_event_changes', ['id'], { where: '"from_status" IS NOT NULL' })
// The home page's recent repeals and expiries, by the day they took effect.
@Index('ix_validity_event_endings', ['effectiveOn', 'id'], { where: `"to_status" IN ('expired', 'repealed')` })
@Check(
  'ck_validity_event_to_status',
  `"to_status" IN ('unmarked','pending','in_force','partially_in_force','expired','repealed')`,
)
export class ValidityEventEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_validity_event',
  })
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @ManyToOne(() => DocumentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_validity_event_document' })
  document?: DocumentEntity;

  /** What happened: `register`, `mark_in_force`, `repeal`, `expire`, `partially_invalidate`, … */
  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: string;

  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** Stable code of the reason where there is a fixed list (expiry: validity_period_ended, …). */
  @Column({ name: 'reason_code', type: 'text', nullable: true })
  reasonCode: string | null;

  /** A correction names the event it replaces; that event then no longer counts (each event is corrected at most once). */
  @Column({ name: 'corrects_event_id', type: 'bigint', nullable: true })
  correctsEventId: string | null;

  @Column({ name: 'basis_document_id', type: 'uuid', nullable: true })
  basisDocumentId: string | null;

  @Column({ name: 'basis_doc_number', type: 'text', nullable: true })
  basisDocNumber: string | null;

  @Column({ type: 'text', array: true, nullable: true })
  provisions: string[] | null;

  /** The acting user; null when the library itself acted (dates, scheduler). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'text' })
  actorName: string;

  /**
   * The acting user's role when the event was recorded (editor, legal, admin); null when the library itself
   * acted. Filled in by a trigger from app_user; public answers show it as the acting office.
   */
  @Column({ name: 'actor_role', type: 'text', nullable: true })
  actorRole: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
