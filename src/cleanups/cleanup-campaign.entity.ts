import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A clean-up campaign (清理): the legal office reviews every document in a scope, decides on each, and
 * applies all decisions at once under one decision document. The scope is fixed when the campaign starts.
 */
@Entity('cleanup_campaign')
@Check('ck_cleanup_campaign_state', `"state" IN ('open','finalized')`)
@Check('ck_cleanup_campaign_category', `"category" IS NULL OR "category" IN ('regulation','normative','policy')`)
export class CleanupCampaignEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_cleanup_campaign' })
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  category: string | null;

  @Column({ type: 'text', nullable: true })
  issuer: string | null;

  @Column({ name: 'issued_from', type: 'date', nullable: true })
  issuedFrom: string | null;

  @Column({ name: 'issued_to', type: 'date', nullable: true })
  issuedTo: string | null;

  @Column({ type: 'text', default: 'open' })
  state: string;

  @Column({ name: 'decision_document_id', type: 'uuid', nullable: true })
  decisionDocumentId: string | null;

  @Column({ name: 'decision_doc_number', type: 'text', nullable: true })
  decisionDocNumber: string | null;

  @Column({ name: 'effective_on', type: 'date', nullable: true })
  effectiveOn: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finalized_by', type: 'text', nullable: true })
  finalizedBy: string | null;

  @Column({ name: 'finalized_at', type: 'timestamptz', nullable: true })
  finalizedAt: Date | null;
}
