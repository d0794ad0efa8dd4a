import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The transactional outbox: a row per change to a document, written in the same
 * transaction as the change, so a consumer (the search indexer) can never miss one
 * even when Redis or a worker is down. Rows are marked processed once handed on.
 */
@Entity('document_change')
@Index('ix_document_change_unprocessed', ['id'], { where: '"processed_at" IS NULL' })
export class DocumentChangeEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_document_change',
  })
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  /** `created`, `updated`, `validity` (status or relations changed). */
  @Column({ type: 'text' })
  kind: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
