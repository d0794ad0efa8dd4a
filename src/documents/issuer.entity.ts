import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 发文机关, with its 机关代字 (the abbreviation in its document numbers, e.g. 攀府). */
@Entity('issuer')
@Index('uq_issuer_name', ['name'], { unique: true })
export class IssuerEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_issuer' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  code: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
