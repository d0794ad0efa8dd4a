/**
 * What a request may write to the log. A client controls the URL, the headers and the body, and an error may
 * carry any of them (a failed SQL statement keeps its parameters: a 2 MB document body); every value that
 * reaches a log line is capped here, so one request logs at most LOG_LINE_LIMIT bytes in its one line.
 */

/** Longest log line; a line that would be longer is replaced by a summary of itself. */
export const LOG_LINE_LIMIT = 2_048;

const URL_LIMIT = 256;
const HEADER_LIMIT = 100;
const MESSAGE_LIMIT = 200;
const STACK_FRAMES = 6;
const STACK_LIMIT = 600;

/** The request headers worth a log line; the others (cookies, tokens, anything a client invents) are left out. */
const LOGGED_REQUEST_HEADERS = [
  'host',
  'user-agent',
  'content-type',
  'content-length',
  'x-forwarded-for',
  'referer',
] as const;
const LOGGED_RESPONSE_HEADERS = ['content-type', 'content-length'] as const;

/** At most `max` characters, with how many were left out. */
export function capText(value: unknown, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value as number);
  return s.length <= max ? s : `${s.slice(0, max)}…(${s.length - max} more)`;
}

function pickHeaders(
  headers: Record<string, unknown> | undefined,
  names: readonly string[],
): Record<string, string> | undefined {
  if (!headers) return undefined;
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = capText(headers[name], HEADER_LIMIT);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

interface LoggedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  remoteAddress?: string;
}

/** pino-http's request, with the URL capped and a few headers (the query and route params are in the URL). */
export function boundedRequest(req: LoggedRequest): Record<string, unknown> {
  return {
    id: req.id,
    method: capText(req.method, 16),
    url: capText(req.url, URL_LIMIT),
    headers: pickHeaders(req.headers, LOGGED_REQUEST_HEADERS),
    remoteAddress: capText(req.remoteAddress, 64),
  };
}

export function boundedResponse(res: {
  statusCode?: number;
  headers?: Record<string, unknown>;
}): Record<string, unknown> {
  return { statusCode: res.statusCode, headers: pickHeaders(res.headers, LOGGED_RESPONSE_HEADERS) };
}

interface LoggedError {
  type?: string;
  message?: string;
  stack?: string;
  code?: unknown;
  query?: unknown;
  cause?: unknown;
}

/**
 * pino's serialised error without what a client put in it: the message and the top of the stack, capped; a
 * failed SQL statement's text (capped) but never its parameters; a database error's code.
 */
export function boundedError(err: LoggedError): Record<string, unknown> {
  const stack = err.stack
    ?.split('\n')
    .slice(0, STACK_FRAMES + 1)
    .join('\n');
  return {
    type: capText(err.type, 80),
    message: capText(err.message, MESSAGE_LIMIT),
    ...(err.code !== undefined ? { code: capText(err.code, 40) } : {}),
    ...(typeof err.query === 'string' ? { query: capText(err.query, 200) } : {}),
    stack: capText(stack, STACK_LIMIT),
  };
}

/**
 * The last word on a line's length: a line over LOG_LINE_LIMIT (something logged a big value under a key no
 * serializer knows) is replaced by its level, time, request id, message and length.
 */
export function capLogLine(line: string): string {
  if (line.length <= LOG_LINE_LIMIT / 3 || Buffer.byteLength(line) <= LOG_LINE_LIMIT) return line;
  let summary: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(line) as Record<string, unknown> & {
      req?: { id?: unknown; method?: unknown; url?: unknown };
      res?: { statusCode?: unknown };
      err?: { type?: unknown; message?: unknown };
    };
    summary = {
      level: parsed.level,
      time: parsed.time,
      pid: parsed.pid,
      service: parsed.service,
      context: capText(parsed.context, 80),
      req: parsed.req && {
        id: parsed.req.id,
        method: capText(parsed.req.method, 16),
        url: capText(parsed.req.url, 120),
      },
      res: parsed.res && { statusCode: parsed.res.statusCode },
      err: parsed.err && { type: capText(parsed.err.type, 80), message: capText(parsed.err.message, 200) },
      msg: capText(parsed.msg, MESSAGE_LIMIT),
    };
  } catch {
    // not JSON (a pretty-printed line): keep its beginning
    summary = { msg: capText(line, MESSAGE_LIMIT) };
  }
  return `${JSON.stringify({ ...summary, truncated: `a line of ${Buffer.byteLength(line)} bytes cut to its summary` })}\n`;
}
