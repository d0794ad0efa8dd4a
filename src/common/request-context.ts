import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/** The user a request acts for, once its token or cookie has been checked. */
export interface ContextUser {
  id: string;
  username: string;
  role: string;
  sessionId: string;
}

/**
 * Who is acting and from where, for the whole of one HTTP request or command-line command. The database
 * layer hands it to the audit triggers at the start of each transaction (database/audit-context.subscriber.ts),
 * so no service has to pass it along.
 */
export interface RequestContext {
  source: 'api' | 'cli';
  /** A request that may write (not GET/HEAD/OPTIONS) or a command: only then is the context sent to the database. */
  writes: boolean;
  /** The HTTP request, read when needed (its id is assigned by the logger after this context starts). */
  req?: Request;
  /** The command line's operator (the operating-system user). */
  operator?: string;
  /** The authenticated user; the guard sets it (also on req.user). */
  user?: ContextUser;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const currentContext = (): RequestContext | undefined => storage.getStore();

export function runInContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Express middleware opening the request's context. Mounted after the body parser: the parser's stream
 * callbacks would otherwise run outside it.
 */
export function requestContextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  storage.run({ source: 'api', writes: !READS.has(req.method), req }, next);
}

/** The client's address (behind a trusted proxy, from X-Forwarded-For), IPv4 written plainly. */
export function clientAddress(req: Request): string | null {
  const ip = req.ip ?? req.socket?.remoteAddress;
  return ip ? ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '') : null;
}

/** What the audit triggers read: the JSON of `policy_library.audit_context`. */
export function auditContextOf(context: RequestContext): string {
  const user = context.user ?? context.req?.user;
  const requestId = context.req?.id;
  return JSON.stringify({
    source: context.source,
    actorId: user?.id ?? null,
    actorName: user?.username ?? context.operator ?? null,
    actorRole: user?.role ?? null,
    sessionId: user?.sessionId ?? null,
    clientAddress: context.req ? clientAddress(context.req) : null,
    requestId: typeof requestId === 'string' || typeof requestId === 'number' ? String(requestId) : null,
  });
}
