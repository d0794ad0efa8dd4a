import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';

/** How failed logins slow further attempts down, per account and per client address. */
export interface ThrottlePolicy {
  /** Failures allowed before attempts are delayed. */
  free: number;
  /** The first delay; each further failure doubles it. */
  baseSeconds: number;
  /** The longest delay: past it the account (or address) stays locked until it passes or an admin lifts it. */
  maxSeconds: number;
  /** A counter untouched this long starts again from zero. */
  forgetAfterSeconds: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { free: 5, baseSeconds: 2, maxSeconds: 3600, forgetAfterSeconds: 86_400 };
/** Looser: an office's staff may share one address behind its gateway. */
export const ADDRESS_POLICY: ThrottlePolicy = { free: 20, baseSeconds: 2, maxSeconds: 3600, forgetAfterSeconds: 3600 };

/** Seconds to wait after this many consecutive failures: none, then 2, 4, 8 … up to the maximum. */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.free) return 0;
  return Math.min(policy.baseSeconds * 2 ** (failures - policy.free), policy.maxSeconds);
}

export const accountKey = (username: string) => `account:${username.trim().toLowerCase()}`;
export const addressKey = (address: string) => `address:${address}`;

export interface ThrottleState {
  key: string;
  failures: number;
  blockedUntil: Date | null;
}

/**
 * Login throttling shared by every process (the counters are rows in PostgreSQL, written with one atomic
 * statement each). Used by `POST /auth/login` and, later, the staff console's login form: call `check`
 * before verifying a password, then `failed` or `succeeded`.
 */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger('LoginThrottle');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Refuses (429 with Retry-After) while the account or the address is blocked. */
  async check(username: string, address: string | null): Promise<void> {
    const keys = [accountKey(username), ...(address ? [addressKey(address)] : [])];
    const rows: { key: string; wait: number }[] = await this.dataSource.query(
      `SELECT key, ceil(extract(epoch FROM blocked_until - now()))::int AS wait
       FROM login_throttle WHERE key = ANY($1) AND blocked_until > now()`,
      [keys],
    );
    if (!rows.length) return;
    const wait = Math.max(...rows.map((r) => r.wait), 1);
    const byAccount = rows.some((r) => r.key.startsWith('account:'));
    this.logger.warn({ username, address, retryAfterSeconds: wait }, 'login refused: too many failed attempts');
    throw new DomainError(
      'too_many_requests',
      'auth.too_many_attempts',
      `Too many failed logins ${byAccount ? 'for this account' : 'from this address'}: try again in ${wait} s` +
        (byAccount ? ', or ask an administrator to lift the lock.' : '.'),
      [],
      { retryAfterSeconds: wait },
    );
  }

  /** Counts a failure against the account and the address; returns the delay now imposed on each. */
  async failed(username: string, address: string | null): Promise<{ account: number; address: number }> {
    const account = await this.count(accountKey(username), ACCOUNT_POLICY);
    const fromAddress = address ? await this.count(addressKey(address), ADDRESS_POLICY) : 0;
    if (account || fromAddress) {
      this.logger.warn(
        { username, address, accountDelaySeconds: account, addressDelaySeconds: fromAddress },
        'failed login: further attempts delayed',
      );
    }
    return { account, address: fromAddress };
  }

  /** The right password: the account's counter starts again (the address's does not, so one good account cannot reset it). */
  async succeeded(username: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttle WHERE key = $1`, [accountKey(username)]);
  }

  /** Lifts an account's lock (an administrator's action). Returns whether there was anything to lift. */
  async lift(username: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(`DELETE FROM login_throttle WHERE key = $1`, [
      accountKey(username),
    ]);
    return count > 0;
  }

  async state(username: string): Promise<ThrottleState | null> {
    const [row]: ThrottleState[] = await this.dataSource.query(
      `SELECT key, failures, blocked_until AS "blockedUntil" FROM login_throttle WHERE key = $1`,
      [accountKey(username)],
    );
    return row ?? null;
  }

  private async count(key: string, policy: ThrottlePolicy): Promise<number> {
    const [{ failures }]: { failures: number }[] = await this.dataSource.query(
      `INSERT INTO login_throttle AS t (key, failures, last_failure_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.last_failure_at < now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END,
         last_failure_at = now()
       RETURNING failures`,
      [key, policy.forgetAfterSeconds],
    );
    const delay = delayAfter(failures, policy);
    if (delay) {
      await this.dataSource.query(
        `UPDATE login_throttle SET blocked_until = greatest(blocked_until, now() + make_interval(secs => $2))
         WHERE key = $1`,
        [key, delay],
      );
    }
    return delay;
  }
}
