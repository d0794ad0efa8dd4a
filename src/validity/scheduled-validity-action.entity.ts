import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DocumentEntity } from '../documents/document.entity.js';

/**
 * A legal action dated in the future. The document's status does not change until its date; then the
 * daily sweep turns it into a validity event (state `applied`), or records why it could no longer apply
 * (`failed`, e.g. the document had already been repealed), unless a legal officer cancels it first
 * (`cancelled`). Bookkeeping, not history: the events are the history.
 */
@Entity('scheduled_validity_action')
@Index('ix_scheduled_validity_action_due', ['effectiveOn'], { where: `"state" = 'scheduled'` })
@Index('ix_scheduled_validity_action_document', ['documentId', 'effectiveOn'])
@Check('ck_scheduled_validity_action_state', `"state" IN ('scheduled','applied','failed','cancelled')`)
@Check('ck_scheduled_validity_action_action', `"action" IN ('mark_in_force','repeal','expire','partially_invalidate')`)
export class ScheduledValidityActionEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_scheduled_validity_action',
  })
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @ManyToOne(() => DocumentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_scheduled_validity_action_document' })
  document?: DocumentEntity;

  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'reason_code', type: 'text', nullable: true })
  reasonCode: string | null;

  @Column({ name: 'basis_document_id', type: 'uuid', nullable: true })
  basisDocumentId: string | null;

  @Column({ name: 'basis_doc_number', type: 'text', nullable: true })
  basisDocNumber: string | null;

  @Column({ type: 'text', array: true, nullable: true })
  provisions: string[] | null;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'text' })
  actorName: string;

  /** As on validity_event: the actor's role when recorded, filled in by a trigger; null for the library. */
  @Column({ name: 'actor_role', type: 'text', nullable: true })
  actorRole: string | null;

  @Column({ type: 'text', default: 'scheduled' })
  state: string;

  /** The event that carried the action out. */
  @Column({ name: 'event_id', type: 'bigint', nullable: true })
  eventId: string | null;

  @Column({ type: 'text', nullable: true })
  failure: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt: Date | null;
}
