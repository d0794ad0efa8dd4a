import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A derived helper table, not a source of truth: each row is a period during which a document had one
 * status, [valid_from, valid_to), computed from its counted validity events (corrected ones left out).
 * A trigger on validity_event rebuilds a document's periods in the same statement that adds its events,
 * so every writer (registration, import, actions, the sweep) keeps it in step. It lets "in force on date D"
 * and the annual figures be answered with one range lookup instead of a search per document.
 */
@Entity('validity_span')
// GiST index on the range of in-force periods, created by the migration that installs the trigger
// (TypeORM cannot express it).
@Index('ix_validity_span_in_force_during', { synchronize: false })
export class ValiditySpanEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid', primaryKeyConstraintName: 'pk_validity_span' })
  documentId: string;

  @PrimaryColumn({ name: 'valid_from', type: 'date', primaryKeyConstraintName: 'pk_validity_span' })
  validFrom: string;

  /** Exclusive; null while the status lasts. */
  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: string | null;

  @Column({ type: 'text' })
  status: string;

  /** in_force or partially_in_force (现行有效 for the annual figures and inForceOn). */
  @Column({ name: 'in_force', type: 'boolean' })
  inForce: boolean;

  /**
   * The document's publishedOn, copied here (and kept in step by a trigger on document) so that the
   * first page of "in force on D", newest first, is read from one index without visiting documents.
   */
  @Column({ name: 'published_on', type: 'date', nullable: true })
  publishedOn: string | null;

  /** daterange(valid_from, valid_to) */
  @Column({ type: 'daterange' })
  during: string;
}
