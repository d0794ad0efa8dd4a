import { boundedError, boundedRequest, capLogLine, LOG_LINE_LIMIT } from './log-limits.js';

describe('log limits', () => {
  it('logs a capped URL and only the headers worth a line', () => {
    const logged = boundedRequest({
      id: 'r1',
      method: 'GET',
      url: `/api/v1/documents?issuer=${'x'.repeat(20_000)}`,
      headers: { 'user-agent': 'u'.repeat(5_000), authorization: 'Bearer secret', 'x-custom': 'y'.repeat(9_000) },
    });
    expect(JSON.stringify(logged).length).toBeLessThan(600);
    expect(logged.headers).toEqual({ 'user-agent': expect.stringMatching(/^u+…\(4900 more\)$/) });
  });

  it('never logs the parameters of a failed SQL statement', () => {
    const logged = boundedError({
      type: 'QueryFailedError',
      message: 'null value in column "issuer_id"',
      stack: 'QueryFailedError: x\n' + '    at frame\n'.repeat(50),
      query: 'INSERT INTO document …',
      parameters: ['政'.repeat(2_000_000)],
    } as never);
    expect(logged).not.toHaveProperty('parameters');
    expect(JSON.stringify(logged).length).toBeLessThan(1_000);
  });

  it('replaces a line over the limit by its summary, keeping the request id and the error', () => {
    const line = JSON.stringify({
      level: 50,
      req: { id: 'r2', method: 'POST', url: '/api/v1/documents' },
      err: { type: 'Error', message: 'boom' },
      huge: '政'.repeat(10_000),
      msg: 'unhandled error',
    });
    const capped = capLogLine(`${line}\n`);
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(LOG_LINE_LIMIT);
    expect(JSON.parse(capped)).toMatchObject({
      level: 50,
      req: { id: 'r2' },
      err: { type: 'Error', message: 'boom' },
      msg: 'unhandled error',
    });
    const short = '{"msg":"fine"}\n';
    expect(capLogLine(short)).toBe(short);
  });
});
