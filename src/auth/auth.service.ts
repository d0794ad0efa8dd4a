import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditRepository } from '../audit/audit.repository.js';
import { DomainError, ValidationFailed } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { AuthenticatedUser } from './current-user.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { passwordProblems } from './password-policy.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { SessionCache } from './session-cache.js';
import { type SessionKind, SessionsRepository } from './sessions.repository.js';
import { ROLES, type Role } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

interface TokenClaims {
  sub: string;
  /** The session the token belongs to: ending it ends the token. */
  sid: string;
  username: string;
  role: Role;
}

/** Where a login comes from, for throttling and the audit log. */
export interface LoginClient {
  address: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export const USERNAME_RULE = /^[\w.@-]{3,64}$/;

const sessionEnded = () =>
  new DomainError(
    'unauthenticated',
    'auth.session_ended',
    'This session has ended (logged out, or the account was changed or disabled); log in again.',
  );

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly sessionCache: SessionCache,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Checks a username and password and opens a session: an API token (`api`), or the staff console's cookie
   * (`console`, which carries the same signed token). Throttled per account and per client address.
   */
  async login(
    username: string,
    password: string,
    client: LoginClient,
    kind: SessionKind = 'api',
  ): Promise<{ accessToken: string; expiresAt: string; sessionId: string }> {
    await this.throttle.check(username, client.address);
    const user = await this.users.findByUsername(username);
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    const record = { username, clientAddress: client.address, requestId: client.requestId };
    if (!user || !ok) {
      await this.throttle.failed(username, client.address);
      const note = user ? 'wrong_password' : 'unknown_user';
      await this.audit.recordLogin({
        ...record,
        action: 'login_failed',
        userId: user?.id ?? null,
        role: user?.role ?? null,
        sessionId: null,
        note,
      });
      this.logger.warn({ username, address: client.address, reason: note }, 'failed login');
      throw new DomainError('unauthenticated', 'auth.invalid_credentials', 'Wrong username or password.');
    }
    if (user.disabledAt) {
      await this.audit.recordLogin({
        ...record,
        action: 'login_failed',
        userId: user.id,
        role: user.role,
        sessionId: null,
        note: 'disabled',
      });
      throw new DomainError(
        'unauthenticated',
        'auth.account_disabled',
        'This account is disabled; an administrator can enable it again.',
      );
    }
    await this.throttle.succeeded(username);
    const expiresAt = new Date(Math.floor(Date.now() / 1000 + this.config.JWT_TTL_SECONDS) * 1000);
    const sessionId = await this.sessions.start(user.id, kind, expiresAt, client);
    await this.users.recordLogin(user.id);
    await this.sessions.prune(user.id);
    await this.audit.recordLogin({
      ...record,
      action: 'login',
      userId: user.id,
      role: user.role,
      sessionId,
      note: null,
    });
    const claims: TokenClaims = { sub: user.id, sid: sessionId, username: user.username, role: user.role as Role };
    const accessToken = await this.jwt.signAsync(claims, {
      expiresIn: Math.round((expiresAt.getTime() - Date.now()) / 1000),
    });
    return { accessToken, expiresAt: expiresAt.toISOString(), sessionId };
  }

  /** The user of a token whose session is open; the role is the account's current one. */
  async verifyToken(token: string): Promise<AuthenticatedUser> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch (e) {
      const expired = e instanceof Error && e.name === 'TokenExpiredError';
      throw new DomainError(
        'unauthenticated',
        expired ? 'auth.token_expired' : 'auth.token_invalid',
        expired ? 'The token has expired; log in again.' : 'The token is not valid.',
      );
    }
    // Tokens from before sessions existed name none: they are refused like ended ones.
    if (typeof claims.sid !== 'string' || !/^[0-9a-f-]{36}$/i.test(claims.sid)) throw sessionEnded();
    const session = await this.sessionCache.get(claims.sid);
    if (!session || session.userId !== claims.sub) throw sessionEnded();
    return { id: session.userId, username: session.username, role: session.role, sessionId: session.sessionId };
  }

  /** Ends the session of this token (logout). */
  async logout(user: AuthenticatedUser): Promise<void> {
    await this.sessions.end(user.sessionId, 'logout');
    this.sessionCache.forgetUser(user.id);
  }

  /** A user changes their own password: the current one is needed; their other sessions end. */
  async changeOwnPassword(
    user: AuthenticatedUser,
    currentPassword: string,
    newPassword: string,
    client: LoginClient,
  ): Promise<void> {
    await this.throttle.check(user.username, client.address);
    const stored = await this.users.findById(user.id);
    if (!stored) throw sessionEnded();
    if (!(await verifyPassword(stored.passwordHash, currentPassword))) {
      await this.throttle.failed(user.username, client.address);
      throw new ValidationFailed(
        [{ field: 'currentPassword', reason: 'is not your current password' }],
        'The current password is wrong.',
      );
    }
    const problems = passwordProblems(newPassword, user.username, 'newPassword');
    if (newPassword === currentPassword)
      problems.push({ field: 'newPassword', reason: 'must differ from the current one' });
    if (problems.length) throw new ValidationFailed(problems);
    await this.users.setPassword(user.id, await hashPassword(newPassword));
    this.sessionCache.forgetUser(user.id);
  }

  /** Creates a user or resets an existing one's role and password (the command line's users:create). */
  async createUser(username: string, role: string, password: string): Promise<{ id: string; created: boolean }> {
    const problems = [];
    if (!USERNAME_RULE.test(username))
      problems.push({ field: 'username', reason: 'must be 3–64 letters, digits, or . _ @ -' });
    if (!(ROLES as readonly string[]).includes(role))
      problems.push({ field: 'role', reason: `must be one of ${ROLES.join(', ')}` });
    problems.push(...passwordProblems(password, username));
    if (problems.length) throw new ValidationFailed(problems);
    const result = await this.users.upsert(username, role as Role, await hashPassword(password));
    this.sessionCache.forgetUser(result.id);
    return result;
  }
}
