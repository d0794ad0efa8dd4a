import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const RUN_STATES = ['queued', 'running', 'succeeded', 'partially_failed', 'failed'] as const;
export type RunState = (typeof RUN_STATES)[number];
export const ACTIVE_RUN_STATES: readonly RunState[] = ['queued', 'running'];

export const RUN_TRIGGERS = ['schedule', 'manual', 'cli'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/**
 * One push to the provincial library, persisted as a state machine:
 * queued → running → succeeded | partially_failed | failed.
 * At most one (real) run is queued or running: `uq_province_sync_run_active`, a unique index over a
 * constant, lives in a hand-written migration because TypeORM cannot express it.
 */
@Entity('province_sync_run')
@Index('uq_province_sync_run_active', { synchronize: false })
@Index('ix_province_sync_run_created_at', ['createdAt'])
@Check('ck_province_sync_run_state', `"state" IN ('queued','running','succeeded','partially_failed','failed')`)
@Check('ck_province_sync_run_trigger', `"trigger" IN ('schedule','manual','cli')`)
export class ProvinceSyncRunEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_province_sync_run' })
  id: string;

  @Column({ type: 'text' })
  state: string;

  @Column({ type: 'text' })
  trigger: string;

  /** A dry run only lists what would be sent; it never holds the active slot. */
  @Column({ name: 'dry_run', type: 'boolean', default: false })
  dryRun: boolean;

  /** Who asked for it (a username), null for the schedule. */
  @Column({ name: 'requested_by', type: 'text', nullable: true })
  requestedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  /** Touched while the run works; a run whose heartbeat is too old is recovered. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', default: () => 'now()' })
  heartbeatAt: Date;

  /** Documents sent (each counted once per run, however often its batch was retried). */
  @Column({ type: 'integer', default: 0 })
  sent: number;

  @Column({ type: 'integer', default: 0 })
  accepted: number;

  @Column({ type: 'integer', default: 0 })
  rejected: number;

  /** Documents whose batch failed for good in this run (they stay due for the next one). */
  @Column({ type: 'integer', default: 0 })
  failed: number;

  /** `[{at, code, message, batch?, status?}]`, the first few problems of the run. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  errors: unknown[];
}
