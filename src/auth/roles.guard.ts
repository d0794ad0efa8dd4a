import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error.js';
import { AuthService } from './auth.service.js';
import { ROLES_KEY } from './roles.decorator.js';
import type { Role } from './user.entity.js';

const bearer = (req: Request): string | null => {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match ? match[1] : null;
};

/**
 * Reads are public; a route marked @Roles needs a valid bearer token (401) of a listed role (403), whose
 * session is still open. A public route given a valid token knows its staff user (e.g. to name actors in
 * history); an invalid one there is ignored and the answer is the public one.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<Request>();
    const token = bearer(req);
    if (!roles) {
      if (token) req.user = await this.auth.verifyToken(token).catch(() => undefined);
      return true;
    }
    if (!token) {
      throw new DomainError(
        'unauthenticated',
        'auth.token_missing',
        'This action needs `Authorization: Bearer <token>`; log in at POST /api/v1/auth/login.',
      );
    }
    const user = await this.auth.verifyToken(token);
    if (user.role !== 'admin' && !roles.includes(user.role)) {
      throw new DomainError(
        'forbidden',
        'auth.role_forbidden',
        `This action needs the role ${roles.join(' or ')}; you are ${user.role}.`,
      );
    }
    req.user = user;
    return true;
  }
}
