import { Injectable } from '@nestjs/common';
import { DomainError, NotFound, ValidationFailed, type FieldProblem } from '../common/domain-error.js';
import { USERNAME_RULE } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { passwordProblems } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { SessionCache } from './session-cache.js';
import { ROLES, type Role } from './user.entity.js';
import { type UserRow, UsersRepository } from './users.repository.js';

/** An account as administration sees it: state, sessions and login lock. */
export interface UserView extends UserRow {
  disabled: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
}

const roleProblems = (role: unknown): FieldProblem[] =>
  (ROLES as readonly unknown[]).includes(role) ? [] : [{ field: 'role', reason: `must be one of ${ROLES.join(', ')}` }];

/**
 * User administration (admins, and the command line). Disabling an account, changing its role or resetting its
 * password ends all its sessions at once, whichever process or command does it (a trigger ends them in the
 * same transaction; every API process hears of it when it commits).
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly throttle: LoginThrottleService,
    private readonly sessionCache: SessionCache,
  ) {}

  async list(): Promise<UserView[]> {
    return Promise.all((await this.users.list()).map((u) => this.view(u)));
  }

  async get(id: string): Promise<UserView> {
    const row = await this.users.row(id);
    if (!row) throw new NotFound('user', id);
    return this.view(row);
  }

  async idOf(username: string): Promise<string> {
    const user = await this.users.findByUsername(username);
    if (!user) throw new DomainError('not_found', 'user.not_found', `No user named ${username}.`);
    return user.id;
  }

  async create(username: string, role: Role, password: string): Promise<UserView> {
    const problems: FieldProblem[] = [];
    if (!USERNAME_RULE.test(username))
      problems.push({ field: 'username', reason: 'must be 3–64 letters, digits, or . _ @ -' });
    problems.push(...roleProblems(role), ...passwordProblems(password, username));
    if (problems.length) throw new ValidationFailed(problems);
    const id = await this.users.insert(username, role, await hashPassword(password));
    if (!id) {
      throw new DomainError('conflict', 'user.username_taken', `There is already a user named ${username}.`, [
        { field: 'username', reason: 'is taken' },
      ]);
    }
    return this.get(id);
  }

  /** Changes the role and/or disables or enables the account; a change ends its sessions. */
  async update(id: string, change: { role?: Role; disabled?: boolean }): Promise<UserView> {
    if (change.role !== undefined) {
      const problems = roleProblems(change.role);
      if (problems.length) throw new ValidationFailed(problems);
    }
    const outcome = await this.users.update(id, change);
    if (outcome === 'not_found') throw new NotFound('user', id);
    if (outcome === 'last_admin') {
      throw new DomainError(
        'conflict',
        'user.last_admin',
        'This is the only enabled admin: make another user admin before demoting or disabling this one.',
      );
    }
    this.sessionCache.forgetUser(id);
    return this.get(id);
  }

  /** An admin sets a user's password; every session of that user ends. */
  async resetPassword(id: string, password: string): Promise<void> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFound('user', id);
    const problems = passwordProblems(password, user.username);
    if (problems.length) throw new ValidationFailed(problems);
    await this.users.setPassword(id, await hashPassword(password));
    this.sessionCache.forgetUser(id);
  }

  /** Lifts the lock that failed logins put on the account. */
  async unlock(id: string): Promise<UserView> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFound('user', id);
    await this.throttle.lift(user.username);
    return this.get(id);
  }

  private async view(row: UserRow): Promise<UserView> {
    const lock = await this.throttle.state(row.username);
    const lockedUntil = lock?.blockedUntil && new Date(lock.blockedUntil) > new Date() ? lock.blockedUntil : null;
    return { ...row, disabled: row.disabledAt !== null, failedLogins: lock?.failures ?? 0, lockedUntil };
  }
}
