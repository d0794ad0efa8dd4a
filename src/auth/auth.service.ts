import { hash, verify } from '@node-rs/argon2';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { DomainError, ValidationFailed } from '../common/domain-error.js';
import type { AuthenticatedUser } from './current-user.js';
import { ROLES, type Role } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
}

export const MIN_PASSWORD_LENGTH = 10;

@Injectable()
export class AuthService {
  /** Verified against when the user does not exist, so both failures take the same time. */
  private dummyHash?: Promise<string>;

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<{ accessToken: string; expiresAt: string }> {
    const user = await this.users.findByUsername(username);
    const ok = user
      ? await verify(user.passwordHash, password)
      : await verify(await (this.dummyHash ??= hash('not-a-password')), password).then(() => false);
    if (!user || !ok) {
      throw new DomainError('unauthenticated', 'auth.invalid_credentials', 'Wrong username or password.');
    }
    const claims: TokenClaims = { sub: user.id, username: user.username, role: user.role as Role };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.JWT_TTL_SECONDS });
    const { exp } = this.jwt.decode<{ exp: number }>(accessToken);
    return { accessToken, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verifyToken(token: string): Promise<AuthenticatedUser> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token);
      return { id: claims.sub, username: claims.username, role: claims.role };
    } catch (e) {
      const expired = e instanceof Error && e.name === 'TokenExpiredError';
      throw new DomainError(
        'unauthenticated',
        expired ? 'auth.token_expired' : 'auth.token_invalid',
        expired ? 'The token has expired; log in again.' : 'The token is not valid.',
      );
    }
  }

  /** Creates a user or resets an existing one's role and password. */
  async createUser(username: string, role: string, password: string): Promise<{ id: string; created: boolean }> {
    const problems = [];
    if (!/^[\w.@-]{3,64}$/.test(username))
      problems.push({ field: 'username', reason: 'must be 3–64 letters, digits, or . _ @ -' });
    if (!(ROLES as readonly string[]).includes(role))
      problems.push({ field: 'role', reason: `must be one of ${ROLES.join(', ')}` });
    if (password.length < MIN_PASSWORD_LENGTH)
      problems.push({ field: 'password', reason: `must be at least ${MIN_PASSWORD_LENGTH} characters` });
    if (problems.length) throw new ValidationFailed(problems);
    return this.users.upsert(username, role as Role, await hash(password));
  }
}
