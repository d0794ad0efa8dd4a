import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

/**
 * The one adapter to the provincial library (SPEC 5, "The provincial push"):
 * `POST {url}/documents:batchUpsert`, bearer token, `Idempotency-Key: <run id>-<batch no>`,
 * `X-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes>`. It signs, sends, classifies the
 * answer and retries transient failures; it knows nothing of the database.
 */

/** First retry waits this long; each further one twice as long, up to RETRY_MAX_DELAY_MS. */
export const RETRY_BASE_DELAY_MS = 500;
export const RETRY_MAX_DELAY_MS = 30_000;
/** A `Retry-After` longer than this is cut to it, so one answer cannot park a run for hours. */
export const RETRY_AFTER_CAP_MS = 5 * 60_000;

export interface ProvinceEndpoint {
  url: string;
  token: string;
  secret: string;
}

export interface ProvinceStatusEvent {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  effectiveOn: string;
  reason: string | null;
  basisDocumentId: string | null;
  basisDocNumber: string | null;
  provisions: string[] | null;
  recordedAt: string;
}

/** One document as the province receives it: every document field, its status and its status history. */
export interface ProvinceDocument {
  id: string;
  version: number;
  checksum: string;
  title: string;
  docNumber: string | null;
  category: string;
  issuer: string;
  coIssuers: string[];
  indexNo: string | null;
  registrationNo: string | null;
  topic: string | null;
  keywords: string[];
  signedOn: string | null;
  publishedOn: string | null;
  effectiveFrom: string | null;
  validUntil: string | null;
  summary: string | null;
  body: string;
  status: string;
  statusLabel: string;
  createdAt: string;
  updatedAt: string;
  statusEvents: ProvinceStatusEvent[];
}

/** A document ready for the wire: its key fields, and its JSON as the UTF-8 bytes that go into the body. */
export interface EncodedDocument {
  id: string;
  version: number;
  checksum: string;
  json: Buffer;
}

export interface ProvinceBatch {
  source: string;
  sentAt: string;
  documents: ProvinceDocument[];
}

export interface DocumentResult {
  id: string;
  version: number;
  outcome: 'accepted' | 'rejected';
  reason?: string;
}

/** How one answer (or the lack of one) is classified. */
export type Classification =
  | { kind: 'answered'; results: DocumentResult[] }
  /** Worth retrying: timeout, connection error, 5xx, 429, a 200 that is not a result list. */
  | { kind: 'transient'; reason: string; retryAfterMs?: number }
  /** Bad credentials: stop the run instead of hammering the province. */
  | { kind: 'permanent'; status: number; reason: string }
  /** The province refused the batch itself (another 4xx): recorded, not retried in this run. */
  | { kind: 'batch_rejected'; status: number; reason: string };

export type BatchOutcome =
  | { kind: 'answered'; results: DocumentResult[]; attempts: number }
  | { kind: 'permanent'; status: number; reason: string; attempts: number }
  | { kind: 'failed'; reason: string; status?: number; attempts: number };

export function signBody(body: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, RETRY_AFTER_CAP_MS);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(at - now.getTime(), 0), RETRY_AFTER_CAP_MS);
}

/** The wait before retry number `attempt` (1-based): exponential, or what the province asked for. */
export function backoffDelay(attempt: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  return Math.min(RETRY_BASE_DELAY_MS * 2 ** (attempt - 1), RETRY_MAX_DELAY_MS);
}

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

const truncate = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

function parseResults(text: string): DocumentResult[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const results = (parsed as { results?: unknown })?.results;
  if (!Array.isArray(results)) return null;
  const out: DocumentResult[] = [];
  for (const r of results as Record<string, unknown>[]) {
    if (
      typeof r !== 'object' ||
      r === null ||
      typeof r.id !== 'string' ||
      typeof r.version !== 'number' ||
      (r.outcome !== 'accepted' && r.outcome !== 'rejected')
    )
      return null;
    out.push({
      id: r.id,
      version: r.version,
      outcome: r.outcome,
      ...(typeof r.reason === 'string' ? { reason: r.reason } : {}),
    });
  }
  return out;
}

/** Classifies an HTTP answer (status, Retry-After header, body text). */
export function classifyResponse(status: number, retryAfter: string | null, bodyText: string): Classification {
  if (status === 200) {
    const results = parseResults(bodyText);
    return results
      ? { kind: 'answered', results }
      : { kind: 'transient', reason: `200 without a valid result list: ${truncate(bodyText, 200)}` };
  }
  const detail = `HTTP ${status}${bodyText ? `: ${truncate(bodyText)}` : ''}`;
  if (status === 401 || status === 403)
    return { kind: 'permanent', status, reason: `the province refused our credentials (${detail})` };
  if (status === 429 || status === 408 || status >= 500) {
    const retryAfterMs = parseRetryAfter(retryAfter);
    return { kind: 'transient', reason: detail, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  return { kind: 'batch_rejected', status, reason: detail };
}

/** A failure to get any answer: timeout, refused or dropped connection. Always transient. */
export function classifyError(error: unknown, timeoutMs: number): Classification {
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (e?.name === 'TimeoutError') return { kind: 'transient', reason: `no answer within ${timeoutMs} ms` };
  if (e?.name === 'AbortError') return { kind: 'transient', reason: 'the request was abandoned (the run is stopping)' };
  if (e?.code && !e.cause) return { kind: 'transient', reason: `connection failed (${e.code}): ${e.message ?? ''}` };
  const code = e?.cause?.code ?? '';
  const message = e?.cause?.message ?? e?.message ?? String(error);
  return { kind: 'transient', reason: `connection failed${code ? ` (${code})` : ''}: ${message}` };
}

export interface ProvinceClientOptions {
  requestTimeoutMs: number;
  retryLimit: number;
  /** Waits between retries; replaced in tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Called before each retry (logging). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** Lets a caller give up: no further retry, and a request in flight is abandoned (shutdown, run recovered elsewhere). */
  signal?: AbortSignal;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ProvinceClient {
  private readonly url: URL;
  /** Connections kept alive between the batches of a run. */
  private readonly agent: http.Agent;

  constructor(
    private readonly endpoint: ProvinceEndpoint,
    private readonly options: ProvinceClientOptions,
  ) {
    // Beneath any path prefix of the base URL, with or without its trailing slash.
    this.url = new URL('./documents:batchUpsert', endpoint.url.endsWith('/') ? endpoint.url : `${endpoint.url}/`);
    const Agent = this.url.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true });
  }

  /** Serialises a batch once: the exact bytes that are signed are the bytes sent, on every retry. */
  static encode(batch: ProvinceBatch): Buffer {
    return Buffer.from(JSON.stringify(batch), 'utf8');
  }

  /**
   * The same body from documents already encoded (by PostgreSQL): their bytes are copied into the body once,
   * never decoded, parsed or re-encoded here.
   */
  static encodeDocuments(source: string, sentAt: string, documents: EncodedDocument[]): Buffer {
    const parts: Buffer[] = [
      Buffer.from(`{"source":${JSON.stringify(source)},"sentAt":${JSON.stringify(sentAt)},"documents":[`, 'utf8'),
    ];
    documents.forEach((d, i) => {
      if (i) parts.push(COMMA);
      parts.push(d.json);
    });
    parts.push(CLOSE);
    return Buffer.concat(parts);
  }

  /** One request, classified. */
  async sendOnce(body: Buffer, idempotencyKey: string): Promise<Classification> {
    const timeoutMs = this.options.requestTimeoutMs;
    try {
      const res = await this.post(body, idempotencyKey, timeoutMs);
      return classifyResponse(res.status, res.retryAfter, res.text);
    } catch (error) {
      return classifyError(error, timeoutMs);
    }
  }

  /** Lets go of the kept-alive connections (at the end of a run). */
  close(): void {
    this.agent.destroy();
  }

  /**
   * node:http rather than fetch: the body (megabytes) is written as it is, not copied into a web stream first.
   * The time limit covers the whole exchange, answer included.
   */
  private post(
    body: Buffer,
    idempotencyKey: string,
    timeoutMs: number,
  ): Promise<{ status: number; retryAfter: string | null; text: string }> {
    return new Promise((resolve, reject) => {
      const req = (this.url.protocol === 'https:' ? https : http).request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          signal: this.options.signal,
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': body.length,
            Authorization: `Bearer ${this.endpoint.token}`,
            'Idempotency-Key': idempotencyKey,
            'X-Signature': signBody(body, this.endpoint.secret),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            clearTimeout(timer);
            const retryAfter = res.headers['retry-after'];
            resolve({
              status: res.statusCode ?? 0,
              retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
              text: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      const timer = setTimeout(
        () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })),
        timeoutMs,
      );
      req.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      req.end(body);
    });
  }

  /** Sends a batch, retrying transient failures with exponential backoff up to the retry limit. */
  async sendBatch(body: Buffer, idempotencyKey: string): Promise<BatchOutcome> {
    const sleep = this.options.sleep ?? defaultSleep;
    for (let attempt = 1; ; attempt++) {
      const c = await this.sendOnce(body, idempotencyKey);
      switch (c.kind) {
        case 'answered':
          return { kind: 'answered', results: c.results, attempts: attempt };
        case 'permanent':
          return { kind: 'permanent', status: c.status, reason: c.reason, attempts: attempt };
        case 'batch_rejected':
          return { kind: 'failed', status: c.status, reason: c.reason, attempts: attempt };
        case 'transient': {
          if (attempt > this.options.retryLimit || this.options.signal?.aborted) {
            return { kind: 'failed', reason: `${c.reason} (gave up after ${attempt} attempts)`, attempts: attempt };
          }
          const delayMs = backoffDelay(attempt, c.retryAfterMs);
          this.options.onRetry?.({ attempt, delayMs, reason: c.reason });
          await sleep(delayMs);
        }
      }
    }
  }
}
