import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  backoffDelay,
  classifyError,
  classifyResponse,
  parseRetryAfter,
  ProvinceClient,
  RETRY_AFTER_CAP_MS,
  RETRY_BASE_DELAY_MS,
  RETRY_MAX_DELAY_MS,
  signBody,
} from './province-client.js';

describe('the batch signature', () => {
  it('is the hex HMAC-SHA256 of the exact body bytes, prefixed sha256=', () => {
    const body = Buffer.from('{"source":"攀枝花市","documents":[]}', 'utf8');
    const secret = 'a-secret-of-sixteen-chars';
    expect(signBody(body, secret)).toBe(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    // A known vector (RFC 4231 style check against a fixed input).
    expect(signBody('abc', 'key')).toBe('sha256=9c196e32dc0175f86f4b1cb89289d6619de6bee699e4c378e68309ed97a1a6ab');
  });

  it('changes when a single byte of the body changes, even if the JSON means the same', () => {
    const secret = 'a-secret-of-sixteen-chars';
    expect(signBody('{"a":1}', secret)).not.toBe(signBody('{"a": 1}', secret));
  });
});

describe('classifying the province’s answer', () => {
  const ok = JSON.stringify({ results: [{ id: 'd1', version: 3, outcome: 'accepted' }] });

  it('reads a 200 with a result list as per-document outcomes', () => {
    expect(
      classifyResponse(
        200,
        null,
        JSON.stringify({
          results: [
            { id: 'd1', version: 3, outcome: 'accepted' },
            { id: 'd2', version: 1, outcome: 'rejected', reason: '缺少发文字号' },
          ],
        }),
      ),
    ).toEqual({
      kind: 'answered',
      results: [
        { id: 'd1', version: 3, outcome: 'accepted' },
        { id: 'd2', version: 1, outcome: 'rejected', reason: '缺少发文字号' },
      ],
    });
    expect(classifyResponse(200, null, ok).kind).toBe('answered');
  });

  it('treats a 200 that is not a valid result list as a transient failure of the batch', () => {
    expect(classifyResponse(200, null, '<html>proxy</html>').kind).toBe('transient');
    expect(classifyResponse(200, null, JSON.stringify({ results: [{ id: 'd1', outcome: 'maybe' }] })).kind).toBe(
      'transient',
    );
  });

  it('retries 5xx, 408 and 429, honouring Retry-After', () => {
    expect(classifyResponse(500, null, 'boom')).toEqual({ kind: 'transient', reason: 'HTTP 500: boom' });
    expect(classifyResponse(503, '7', '')).toEqual({ kind: 'transient', reason: 'HTTP 503', retryAfterMs: 7000 });
    expect(classifyResponse(429, '2', '')).toMatchObject({ kind: 'transient', retryAfterMs: 2000 });
    expect(classifyResponse(408, null, '').kind).toBe('transient');
  });

  it('stops on 401 and 403: bad credentials are permanent', () => {
    expect(classifyResponse(401, null, 'bad token')).toMatchObject({ kind: 'permanent', status: 401 });
    expect(classifyResponse(403, null, '')).toMatchObject({ kind: 'permanent', status: 403 });
  });

  it('records other 4xx as a failure of the batch, not retried', () => {
    expect(classifyResponse(400, null, 'bad field')).toEqual({
      kind: 'batch_rejected',
      status: 400,
      reason: 'HTTP 400: bad field',
    });
    expect(classifyResponse(413, null, '').kind).toBe('batch_rejected');
  });

  it('treats timeouts and connection errors as transient', () => {
    expect(classifyError(Object.assign(new Error('t'), { name: 'TimeoutError' }), 1500)).toEqual({
      kind: 'transient',
      reason: 'no answer within 1500 ms',
    });
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' },
    });
    expect(classifyError(refused, 1000)).toEqual({
      kind: 'transient',
      reason: 'connection failed (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:1',
    });
  });
});

describe('backoff', () => {
  it('doubles from the base delay up to the maximum', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(a))).toEqual([
      RETRY_BASE_DELAY_MS,
      RETRY_BASE_DELAY_MS * 2,
      RETRY_BASE_DELAY_MS * 4,
      RETRY_BASE_DELAY_MS * 8,
    ]);
    expect(backoffDelay(30)).toBe(RETRY_MAX_DELAY_MS);
  });

  it('waits what Retry-After asks instead, in seconds or as a date, within a cap', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(backoffDelay(1, parseRetryAfter('3', now))).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('999999', now)).toBe(RETRY_AFTER_CAP_MS);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('sending a batch', () => {
  let server: Server;
  let url: string;
  const seen: { key: string; signature: string; auth: string; body: string }[] = [];
  let answers: { status: number; body: string; headers?: Record<string, string> }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          key: String(req.headers['idempotency-key']),
          signature: String(req.headers['x-signature']),
          auth: String(req.headers.authorization),
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const a = answers.shift() ?? { status: 500, body: 'no answer scripted' };
        res.writeHead(a.status, a.headers ?? {});
        res.end(a.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/province`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    seen.length = 0;
  });

  const client = (retryLimit: number, waits: number[]) =>
    new ProvinceClient(
      { url, token: 'tok', secret: 'secret-secret-secret' },
      { requestTimeoutMs: 2000, retryLimit, sleep: async (ms) => void waits.push(ms) },
    );

  it('retries a transient failure with the same key and the same signed bytes, then takes the answer', async () => {
    answers = [
      { status: 503, body: '' },
      { status: 429, body: '', headers: { 'Retry-After': '2' } },
      { status: 200, body: JSON.stringify({ results: [{ id: 'd1', version: 1, outcome: 'accepted' }] }) },
    ];
    const waits: number[] = [];
    const body = ProvinceClient.encode({ source: 's', sentAt: '2026-01-01T00:00:00Z', documents: [] });
    const outcome = await client(5, waits).sendBatch(body, 'run-1');
    expect(outcome).toEqual({
      kind: 'answered',
      results: [{ id: 'd1', version: 1, outcome: 'accepted' }],
      attempts: 3,
    });
    expect(waits).toEqual([RETRY_BASE_DELAY_MS, 2000]);
    expect(new Set(seen.map((s) => s.key))).toEqual(new Set(['run-1']));
    expect(new Set(seen.map((s) => s.body))).toEqual(new Set([body.toString('utf8')]));
    expect(seen[0]).toMatchObject({ auth: 'Bearer tok', signature: signBody(body, 'secret-secret-secret') });
  });

  it('gives up after the retry limit and reports the batch failed', async () => {
    answers = [
      { status: 502, body: '' },
      { status: 502, body: '' },
      { status: 502, body: '' },
    ];
    const waits: number[] = [];
    const outcome = await client(2, waits).sendBatch(Buffer.from('{}'), 'run-2');
    expect(outcome).toMatchObject({ kind: 'failed', attempts: 3 });
    expect(waits).toHaveLength(2);
  });

  it('classifies a refused connection and a province that never answers as transient', async () => {
    const refused = new ProvinceClient(
      { url: 'http://127.0.0.1:1', token: 't', secret: 'secret-secret-secret' },
      { requestTimeoutMs: 2000, retryLimit: 0 },
    );
    expect(await refused.sendOnce(Buffer.from('{}'), 'k')).toMatchObject({
      kind: 'transient',
      reason: expect.stringMatching(/^connection failed \(ECONNREFUSED\)/),
    });
    refused.close();

    const silent = createServer(() => undefined); // reads the request, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const slow = new ProvinceClient(
      { url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, token: 't', secret: 'secret-secret-secret' },
      { requestTimeoutMs: 200, retryLimit: 0 },
    );
    expect(await slow.sendOnce(Buffer.from('{}'), 'k')).toEqual({
      kind: 'transient',
      reason: 'no answer within 200 ms',
    });
    slow.close();
    silent.closeAllConnections();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it('does not retry refused credentials', async () => {
    answers = [{ status: 401, body: 'bad token' }];
    const outcome = await client(5, []).sendBatch(Buffer.from('{}'), 'run-3');
    expect(outcome).toMatchObject({ kind: 'permanent', status: 401, attempts: 1 });
    expect(seen).toHaveLength(1);
  });
});
