import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  SetMetadata,
  type Type,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type { Observable } from 'rxjs';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from './domain-error.js';
import { JSON_SHAPE_LIMITS, type JsonShapeLimits, JsonShapeScanner, type JsonShapeViolation } from './json-limits.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** How many bytes of request body a route reads. */
export const BODY_LIMITS = {
  /** Any request without a valid bearer token (a login; a form on a public page), whatever the route allows. */
  anonymous: 4 * KiB,
  /** Authenticated writes: a validity action with 500 provisions, a relation, a clean-up. */
  staff: 1 * MiB,
  /** A document's text: 2,000,000 characters of Chinese are 6 MB in UTF-8; a clean-up's 1,000 decisions. */
  document: 8 * MiB,
} as const;

const BODY_LIMIT_KEY = 'policy-library:body-limit';

/**
 * Raises the body limit of an authenticated route (the default is BODY_LIMITS.staff). A request without a valid
 * token never gets more than BODY_LIMITS.anonymous: routes that need a token refuse it before reading anything.
 */
export const BodyLimit = (bytes: number): MethodDecorator & ClassDecorator => SetMetadata(BODY_LIMIT_KEY, bytes);

export interface BodyReadOptions {
  limit: number;
  timeoutMs: number;
  shape?: JsonShapeLimits;
}

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\s*(;|$)/i;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function bodyProblem(kind: DomainError['kind'], code: string, message: string, reason: string): DomainError {
  return new DomainError(kind, `request.${code}`, message, [{ field: '(body)', reason }]);
}

const size = (bytes: number) => (bytes >= MiB ? `${bytes / MiB} MB` : `${bytes / KiB} KB`);

function tooLarge(limit: number): DomainError {
  return bodyProblem(
    'payload_too_large',
    'body_too_large',
    `The request body is larger than this request may send (${size(limit)}).`,
    `must be at most ${size(limit)}`,
  );
}

function shapeProblem(v: JsonShapeViolation): DomainError {
  switch (v.rule) {
    case 'depth':
      return bodyProblem(
        'validation',
        'body_too_deep',
        `The request body nests arrays and objects deeper than ${v.limit} levels.`,
        `must not nest deeper than ${v.limit} levels`,
      );
    case 'items':
      return bodyProblem(
        'validation',
        'body_too_many_items',
        `The request body holds more than ${v.limit} values.`,
        `must hold at most ${v.limit} values`,
      );
    case 'top_level':
      return bodyProblem(
        'validation',
        'body_parse_failed',
        'The request body is not valid JSON: it must be an object or an array.',
        'must be a JSON object or array',
      );
  }
}

const declaresBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * An answer sent before the request's body has arrived whole (refused by a guard, a limit, an unknown route)
 * closes the connection. Node would otherwise keep reading and discarding the rest of the body to reuse the
 * connection, at whatever pace the client sends it.
 */
export function closeConnectionIfBodyUnread(req: Request, res: Response, next: NextFunction): void {
  const writeHead = res.writeHead.bind(res);
  res.writeHead = ((...args: Parameters<Response['writeHead']>) => {
    if (!req.complete && declaresBody(req)) res.setHeader('Connection', 'close');
    return writeHead(...args);
  }) as Response['writeHead'];
  next();
}

/** Whether this request has a JSON body still to be read. */
export function hasJsonBodyToRead(req: Request): boolean {
  if (!BODY_METHODS.has(req.method) || req.body !== undefined || req.readableEnded) return false;
  return declaresBody(req) && JSON_TYPE.test(req.headers['content-type'] ?? '');
}

/**
 * Reads a JSON body within a size limit, a shape limit checked on every chunk as it arrives, and a time limit,
 * then parses it. It stops reading at the first limit broken; the answer then closes the connection (see
 * configureApp), so what the client still sends is never read.
 */
export function readJsonBody(req: Request, options: BodyReadOptions): Promise<unknown> {
  const { limit, timeoutMs } = options;
  const charset = /;\s*charset\s*=\s*"?([\w-]+)"?/i.exec(req.headers['content-type'] ?? '')?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    return Promise.reject(
      bodyProblem(
        'unsupported_media_type',
        'body_charset_unsupported',
        `The request body must be UTF-8; it was declared ${charset.slice(0, 40)}.`,
        'must be UTF-8',
      ),
    );
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) return Promise.reject(tooLarge(limit));

  const scanner = new JsonShapeScanner(options.shape ?? JSON_SHAPE_LIMITS);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (error: DomainError | null, value?: unknown) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      if (error) {
        req.pause();
        reject(error);
      } else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) return finish(tooLarge(limit));
      const violation = scanner.push(chunk);
      if (violation) return finish(shapeProblem(violation));
      chunks.push(chunk);
    };
    const onEnd = () => {
      const text = Buffer.concat(chunks, received).toString('utf8');
      try {
        finish(null, JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
      } catch (e) {
        const detail = (e instanceof Error ? e.message : String(e)).slice(0, 200);
        finish(
          bodyProblem(
            'validation',
            'body_parse_failed',
            `The request body is not valid JSON: ${detail}`,
            'must be valid JSON',
          ),
        );
      }
    };
    const onError = () =>
      finish(bodyProblem('validation', 'aborted', 'The request body was not received whole.', 'was cut short'));
    const onAborted = onError;
    const timer = setTimeout(
      () =>
        finish(
          bodyProblem(
            'request_timeout',
            'body_timeout',
            `The request body did not arrive within ${timeoutMs / 1000} s.`,
            `must arrive within ${timeoutMs / 1000} s`,
          ),
        ),
      timeoutMs,
    );
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

/**
 * Reads the JSON body of every route, after the guards: a route that needs a token has refused a request
 * without one before a byte of its body is read, and the limit depends on who is asking (BODY_LIMITS).
 */
@Injectable()
export class RequestBodyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    if (hasJsonBodyToRead(req)) {
      const routeLimit = this.reflector.getAllAndOverride<number | undefined>(BODY_LIMIT_KEY, [
        context.getHandler(),
        context.getClass() as Type,
      ]);
      const limit = req.user
        ? (routeLimit ?? BODY_LIMITS.staff)
        : Math.min(routeLimit ?? BODY_LIMITS.anonymous, BODY_LIMITS.anonymous);
      req.body = await readJsonBody(req, { limit, timeoutMs: this.config.HTTP_BODY_TIMEOUT_MS });
    }
    return next.handle();
  }
}
