import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from './user.entity.js';

/**
 * One login: an API bearer token (`api`) or a staff console cookie (`console`) names its session, and
 * every request is checked against it. Ending the row ends the token or cookie at once (docs/security.md).
 */
@Entity('user_session')
@Index('ix_user_session_user_open', ['userId'], { where: '"ended_at" IS NULL' })
@Check('ck_user_session_kind', `"kind" IN ('api','console')`)
export class UserSessionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_user_session' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_session_user' })
  user?: UserEntity;

  @Column({ type: 'text' })
  kind: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  /** `logout`, `password_changed`, `password_reset`, `role_changed`, `disabled`. */
  @Column({ name: 'ended_reason', type: 'text', nullable: true })
  endedReason: string | null;

  @Column({ name: 'client_address', type: 'text', nullable: true })
  clientAddress: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;
}
