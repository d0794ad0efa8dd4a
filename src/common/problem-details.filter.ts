import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, DomainErrorKind, FieldProblem } from './domain-error.js';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  unprocessable: 422,
  precondition_required: 428,
  request_timeout: 408,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** Errors raised by Express' body parser before any route runs (malformed JSON, too large, bad charset). */
interface BodyParserError {
  type: string;
  status: number;
  message: string;
}
function isBodyParserError(e: unknown): e is BodyParserError {
  if (typeof e !== 'object' || e === null) return false;
  const { type, status } = e as Partial<BodyParserError>;
  return (
    typeof type === 'string' &&
    typeof status === 'number' &&
    (type.startsWith('entity.') || type.endsWith('.unsupported') || type === 'request.aborted')
  );
}

export function toProblem(exception: unknown): ProblemDocument {
  // Nest wraps the body parser's errors in an HttpException; the original says what went wrong.
  if (exception instanceof HttpException && isBodyParserError(exception.cause)) exception = exception.cause;
  if (exception instanceof DomainError) {
    const status = STATUS_BY_KIND[exception.kind];
    return {
      type: `urn:policy-library:problem:${exception.code}`,
      title: TITLES[status],
      status,
      detail: exception.message,
      code: exception.code,
      ...(exception.errors.length ? { errors: exception.errors } : {}),
      ...exception.extensions,
    };
  }
  if (isBodyParserError(exception)) {
    const status = exception.status >= 400 && exception.status < 500 ? exception.status : 400;
    const detail =
      exception.type === 'entity.parse.failed'
        ? `The request body is not valid JSON: ${exception.message}`
        : exception.type === 'entity.too.large'
          ? 'The request body is larger than the server accepts.'
          : exception.message;
    return {
      type: `urn:policy-library:problem:request.${exception.type.replace(/^entity\./, 'body_').replace(/\./g, '_')}`,
      title: TITLES[status] ?? 'Bad Request',
      status,
      detail,
      errors: [{ field: '(body)', reason: detail }],
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    let detail = exception.message;
    if (typeof response === 'object' && response !== null && 'message' in response) {
      const m = (response as { message: unknown }).message;
      detail = Array.isArray(m) ? m.join('; ') : String(m);
    }
    return { type: 'about:blank', title: TITLES[status] ?? HttpStatus[status] ?? 'Error', status, detail };
  }
  return {
    type: 'about:blank',
    title: TITLES[500],
    status: 500,
    detail: 'An unexpected error occurred. It has been logged with the request id.',
  };
}

/** Error pages for requests that are not for the API (the web pages, an unknown path), which read HTML. */
export interface HtmlErrorPages {
  handles(req: Request): boolean;
  render(exception: unknown, req: Request, res: Response): void;
}

/** The one place where every error of the API becomes an RFC 9457 problem document. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly pages?: HtmlErrorPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    if (this.pages?.handles(req)) return this.pages.render(exception, req, res);
    const problem = toProblem(exception);
    if (problem.status >= 500) {
      // The request's own log line carries the error (pino-http reads res.err): one capped line per request.
      (res as Response & { err?: Error }).err =
        exception instanceof Error ? exception : new Error(`non-error thrown: ${String(exception).slice(0, 200)}`);
    }
    if (typeof req.id === 'string' || typeof req.id === 'number') problem.instance = `urn:request:${req.id}`;
    if (res.headersSent) return;
    if (typeof problem.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(problem.retryAfterSeconds));
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
