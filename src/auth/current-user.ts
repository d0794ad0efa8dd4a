import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from './user.entity.js';

export interface AuthenticatedUser {
  id: string;
  username: string;
  role: Role;
  /** The session the token or cookie belongs to. */
  sessionId: string;
}

declare module 'express' {
  interface Request {
    user?: AuthenticatedUser;
  }
}

/** The user the bearer token names; only on routes guarded by @Roles. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  const user = ctx.switchToHttp().getRequest<Request>().user;
  if (!user) throw new Error('CurrentUser used on a route without @Roles');
  return user;
});

/** On a public route: the staff user when a valid token came with the request, else undefined. */
export const OptionalUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthenticatedUser | undefined => ctx.switchToHttp().getRequest<Request>().user,
);
