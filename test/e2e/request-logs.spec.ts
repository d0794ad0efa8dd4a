import { QueryFailedError } from 'typeorm';
import { AnnualReportService } from '../../src/reports/annual-report.service.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** What one request writes to the log, however much the client sent or the error carried. */
describe('request logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  const logOf = (requestId: string) =>
    lines.filter((l) => (JSON.parse(l) as { req?: { id?: string } }).req?.id === requestId);
  const bytes = (ls: string[]) => ls.reduce((n, l) => n + Buffer.byteLength(l), 0);

  // A failed SQL statement as TypeORM raises it: its text, and its parameters (here a 2,000,000-character body).
  const failedInsert = new QueryFailedError(
    `INSERT INTO document (title, body) VALUES ($1, $2) ${'-- '.repeat(50_000)}`,
    ['标题', '政'.repeat(2_000_000)],
    Object.assign(new Error(`null value in column "issuer_id" ${'x'.repeat(100_000)}`), {
      code: '23502',
      detail: 'y'.repeat(100_000),
    }),
  );

  beforeAll(async () => {
    t = await createTestApp({
      env: { LOG_LEVEL: 'info' },
      logStream: { write: (line: string) => void lines.push(line) },
      overrides: [{ provide: AnnualReportService, useValue: { report: () => Promise.reject(failedInsert) } }],
    });
  });
  afterAll(() => t.close());

  it('logs a 500 in one line of at most 2 KB that still names the error', async () => {
    const res = await t.http.get('/api/v1/reports/annual/2024').set('X-Request-Id', 'big-error').expect(500);
    expect(res.body.detail).not.toContain('issuer_id');
    const logged = logOf('big-error');
    expect(logged).toHaveLength(1);
    expect(bytes(logged)).toBeLessThanOrEqual(2_048);
    const line = JSON.parse(logged[0]);
    expect(line).toMatchObject({ level: 50, msg: 'unhandled error', res: { statusCode: 500 } });
    expect(line.err.type).toBe('QueryFailedError');
    expect(line.err.message).toMatch(/^null value in column "issuer_id"/);
    expect(logged[0]).not.toContain('政政');
  });

  it('logs at most 2 KB for a request with a huge URL and headers', async () => {
    await t.http
      // Within Node's 16 KB of request head.
      .get(`/api/v1/documents?issuer=${'攀'.repeat(500)}&docNumber=${'x'.repeat(3_000)}`)
      .set('X-Request-Id', 'big-request')
      .set('User-Agent', 'u'.repeat(3_000))
      .set('X-Anything', 'z'.repeat(3_000));
    const logged = logOf('big-request');
    expect(logged.length).toBeGreaterThan(0);
    expect(bytes(logged)).toBeLessThanOrEqual(2_048);
  });

  it('never logs the token', async () => {
    const token = await t.tokenFor('editor');
    await t.http.get('/api/v1/validity/expiring').set('Authorization', `Bearer ${token}`).set('X-Request-Id', 'tok');
    expect(logOf('tok').join('')).not.toContain(token);
  });
});
