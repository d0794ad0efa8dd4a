import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed logins counted per account (`account:<username>`) and per client address (`address:<ip>`), and
 * until when further attempts are refused (login-throttle.service.ts).
 */
@Entity('login_throttle')
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_login_throttle' })
  key: string;

  @Column({ type: 'integer' })
  failures: number;

  @Column({ name: 'last_failure_at', type: 'timestamptz' })
  lastFailureAt: Date;

  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true })
  blockedUntil: Date | null;
}
