import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

export interface RawAnswer {
  /** The status of the answer, or null when the connection closed without one. */
  status: number | null;
  /** Everything the server sent: status line, headers and body. */
  text: string;
  /** Milliseconds from the first byte written until the server closed the connection (null: it did not). */
  closedAfterMs: number | null;
}

/**
 * Writes a request byte for byte as given (a partial body, headers that never end) over its own connection,
 * and collects what the server answers until it closes the connection or `waitMs` passes.
 */
export function rawExchange(port: number, parts: (string | Buffer)[], waitMs: number): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let text = '';
    const done = (closedAfterMs: number | null) => {
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text, closedAfterMs });
    };
    socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => done(Date.now() - started));
    const timer = setTimeout(() => done(null), waitMs);
    for (const part of parts) socket.write(part);
  });
}

/** The body of a POST, and the answer's status; a connection the server cut while the body was going counts. */
export function post(
  port: number,
  path: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number | 'cut' }> {
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', () => resolve({ status: 'cut' }));
    req.end(body);
  });
}

/** `clients` loops of GET `paths` (in turn) for `durationMs`; the latency of each answer, in ms. */
export async function readLatencies(
  port: number,
  paths: string[],
  options: { clients: number; durationMs: number },
): Promise<number[]> {
  const latencies: number[] = [];
  const until = Date.now() + options.durationMs;
  await Promise.all(
    Array.from({ length: options.clients }, async (_, c) => {
      for (let i = c; Date.now() < until; i++) {
        const started = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}${paths[i % paths.length]}`);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET ${paths[i % paths.length]} answered ${res.status}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
