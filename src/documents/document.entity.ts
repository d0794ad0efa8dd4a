import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { IssuerEntity } from './issuer.entity.js';

@Entity('document')
@Index('uq_document_issuer_doc_number', ['issuerId', 'docNumber'], { unique: true, where: '"doc_number" IS NOT NULL' })
@Index('ix_document_published_on', ['publishedOn'])
// (published_on DESC NULLS LAST, id), the list order; created by a hand-written migration.
@Index('ix_document_published_on_newest_first', { synchronize: false })
@Index('ix_document_unnumbered_issuer_title', ['issuerId', 'title'], { where: '"doc_number" IS NULL' })
@Index('ix_document_status', ['status'])
@Index('ix_document_category_published_on', ['category', 'publishedOn'])
@Index('ix_document_updated_at', ['updatedAt'])
@Index('ix_document_valid_until', ['validUntil'], { where: '"valid_until" IS NOT NULL' })
// A 发文字号 of any issuer (the /d/ permalinks).
@Index('ix_document_doc_number', ['docNumber'], { where: '"doc_number" IS NOT NULL' })
@Check('ck_document_category', `"category" IN ('regulation','normative','policy')`)
@Check('ck_document_status', `"status" IN ('unmarked','pending','in_force','partially_in_force','expired','repealed')`)
@Check('ck_document_source', `"source" IN ('api','import')`)
@Check(
  'ck_document_signed_before_published',
  `"signed_on" IS NULL OR "published_on" IS NULL OR "signed_on" <= "published_on"`,
)
@Check(
  'ck_document_valid_after_effective',
  `"valid_until" IS NULL OR "effective_from" IS NULL OR "effective_from" <= "valid_until"`,
)
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_document' })
  id: string;

  @Column({ type: 'text' })
  title: string;

  /** Normalised 发文字号; unique per issuer when present. */
  @Column({ name: 'doc_number', type: 'text', nullable: true })
  docNumber: string | null;

  @Column({ type: 'text' })
  category: string;

  @Column({ name: 'issuer_id', type: 'uuid' })
  issuerId: string;

  @ManyToOne(() => IssuerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issuer_id', foreignKeyConstraintName: 'fk_document_issuer' })
  issuer?: IssuerEntity;

  @Column({ name: 'co_issuers', type: 'text', array: true, default: () => `'{}'` })
  coIssuers: string[];

  @Column({ name: 'index_no', type: 'text', nullable: true })
  indexNo: string | null;

  @Column({ name: 'registration_no', type: 'text', nullable: true })
  registrationNo: string | null;

  @Column({ type: 'text', nullable: true })
  topic: string | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  keywords: string[];

  @Column({ name: 'signed_on', type: 'date', nullable: true })
  signedOn: string | null;

  @Column({ name: 'published_on', type: 'date', nullable: true })
  publishedOn: string | null;

  @Column({ name: 'effective_from', type: 'date', nullable: true })
  effectiveFrom: string | null;

  @Column({ name: 'valid_until', type: 'date', nullable: true })
  validUntil: string | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'text', default: '' })
  body: string;

  /** Cache of the status the validity events give; kept in step in the same transaction. */
  @Column({ type: 'text' })
  status: string;

  /** Increases on every change: optimistic locking and the provincial push. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  /** SHA-256 of the document's content fields; lets a re-import recognise an unchanged record. */
  @Column({ type: 'text' })
  checksum: string;

  /** How the document entered the library: registered through the API or imported. */
  @Column({ type: 'text' })
  source: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
