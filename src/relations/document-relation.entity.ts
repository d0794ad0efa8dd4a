import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DocumentEntity } from '../documents/document.entity.js';

/**
 * A relation as seen from one library document (`document_id`): it repeals / is repealed by, amends /
 * is amended by, replaces / is replaced by, is based on, or is interpreted by (政策解读) another document.
 * The other side is a library document (`target_document_id`) or one outside the library, known by its
 * 发文字号 and title. A relation between two library documents is stored from both ends.
 */
@Entity('document_relation')
@Index('ix_document_relation_document', ['documentId', 'kind'])
@Index('ix_document_relation_target', ['targetDocumentId'], { where: '"target_document_id" IS NOT NULL' })
@Index('uq_document_relation_library', ['documentId', 'kind', 'targetDocumentId'], {
  unique: true,
  where: '"target_document_id" IS NOT NULL',
})
@Check(
  'ck_document_relation_kind',
  `"kind" IN ('repeals','repealed_by','amends','amended_by','replaces','replaced_by','based_on','basis_of','interprets','interpreted_by')`,
)
@Check(
  'ck_document_relation_target',
  `"target_document_id" IS NOT NULL OR "target_doc_number" IS NOT NULL OR "target_title" IS NOT NULL`,
)
@Check('ck_document_relation_form', `"form" IS NULL OR "form" IN ('文字','图解','视频','问答')`)
export class DocumentRelationEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_document_relation',
  })
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @ManyToOne(() => DocumentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_document_relation_document' })
  document?: DocumentEntity;

  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'target_document_id', type: 'uuid', nullable: true })
  targetDocumentId: string | null;

  @ManyToOne(() => DocumentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'target_document_id', foreignKeyConstraintName: 'fk_document_relation_target' })
  targetDocument?: DocumentEntity;

  /** 发文字号 of a document outside the library (normalised). */
  @Column({ name: 'target_doc_number', type: 'text', nullable: true })
  targetDocNumber: string | null;

  @Column({ name: 'target_title', type: 'text', nullable: true })
  targetTitle: string | null;

  /** 政策解读 only: 文字, 图解, 视频 or 问答. */
  @Column({ type: 'text', nullable: true })
  form: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  /** 政策解读 only: its publication date. */
  @Column({ name: 'published_on', type: 'date', nullable: true })
  publishedOn: string | null;

  @Column({ name: 'actor_name', type: 'text' })
  actorName: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
