import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DocumentEntity } from '../documents/document.entity.js';
import { CleanupCampaignEntity } from './cleanup-campaign.entity.js';

/** One document of a campaign and the decision on it (null while undecided). */
@Entity('cleanup_item')
@Index('ix_cleanup_item_document', ['documentId'])
@Check(
  'ck_cleanup_item_decision',
  `"decision" IS NULL OR "decision" IN ('continue','amend','repeal','declare_invalid')`,
)
export class CleanupItemEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid', primaryKeyConstraintName: 'pk_cleanup_item' })
  campaignId: string;

  @PrimaryColumn({ name: 'document_id', type: 'uuid', primaryKeyConstraintName: 'pk_cleanup_item' })
  documentId: string;

  @ManyToOne(() => CleanupCampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_cleanup_item_campaign' })
  campaign?: CleanupCampaignEntity;

  @ManyToOne(() => DocumentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_cleanup_item_document' })
  document?: DocumentEntity;

  @Column({ type: 'text', nullable: true })
  decision: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}
