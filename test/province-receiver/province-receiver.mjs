// A provincial library for tests and benchmarks (SPEC 5, "The provincial push"): a small node:http server
// that checks the bearer token and the HMAC signature, records what it accepted per document and version,
// recognises a repeated Idempotency-Key, and can be told to fail in the ways a real province might.
// Plain JavaScript so that both the Vitest suites and the benchmark (plain node) can start it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

/** A small seeded PRNG (mulberry32), so a fault pattern can be replayed. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NO_FAULTS = {
  failRate: 0,
  timeoutRate: 0,
  dropAfterStoreRate: 0,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  delayMs: 0,
  forceStatus: null,
  reject: new Map(),
};

export async function startProvinceReceiver(options) {
  const { token, secret, port = 0, seed = 1, checkOnly = false } = options;
  let onBatch = options.onBatch ?? null;
  let faults = { ...NO_FAULTS, ...options.faults };
  const roll = random(seed);
  /** id → { version, checksum, status, versions: number[] } */
  const store = new Map();
  /** Idempotency-Key → { bodyHash, status, response } */
  const keys = new Map();
  const stats = {
    requests: 0,
    batches: 0,
    documents: 0,
    duplicates: 0,
    unauthorized: 0,
    badSignature: 0,
    failed5xx: 0,
    timeouts: 0,
    dropped: 0,
    rateLimited: 0,
    rejected: 0,
  };
  const sockets = new Set();
  const hung = new Set();

  const send = (res, status, body, headers = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(text);
  };

  function accept(batch) {
    const results = [];
    for (const d of batch.documents) {
      const reason = faults.reject.get(d.id);
      if (reason) {
        stats.rejected++;
        results.push({ id: d.id, version: d.version, outcome: 'rejected', reason });
        continue;
      }
      if (!checkOnly) {
        const held = store.get(d.id);
        if (!held) {
          store.set(d.id, { version: d.version, checksum: d.checksum, status: d.status, versions: [d.version] });
        } else {
          held.versions.push(d.version);
          if (d.version >= held.version)
            Object.assign(held, { version: d.version, checksum: d.checksum, status: d.status });
        }
      }
      stats.documents++;
      results.push({ id: d.id, version: d.version, outcome: 'accepted' });
    }
    return { results };
  }

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      stats.requests++;
      const body = Buffer.concat(chunks);
      if (req.method === 'GET' && req.url === '/_stats') return send(res, 200, { ...stats, held: store.size });
      if (req.method !== 'POST' || req.url !== '/documents:batchUpsert') return send(res, 404, { error: 'not found' });
      if (faults.forceStatus) return send(res, faults.forceStatus, { error: `told to answer ${faults.forceStatus}` });
      if (req.headers.authorization !== `Bearer ${token}`) {
        stats.unauthorized++;
        return send(res, 401, { error: 'bad token' });
      }
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-signature'] ?? ''));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        stats.badSignature++;
        return send(res, 401, { error: 'bad signature' });
      }
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || !key) return send(res, 400, { error: 'Idempotency-Key is required' });
      const bodyHash = createHash('sha256').update(body).digest('hex');
      const seen = keys.get(key);
      if (seen) {
        if (seen.bodyHash !== bodyHash) return send(res, 422, { error: 'Idempotency-Key reused for another body' });
        stats.duplicates++;
        return send(res, seen.status, seen.response, { 'Idempotent-Replayed': 'true' });
      }
      const r = roll();
      let edge = faults.failRate;
      if (r < edge) {
        stats.failed5xx++;
        return send(res, 503, { error: 'told to fail' });
      }
      if (r < (edge += faults.timeoutRate)) {
        stats.timeouts++;
        hung.add(res);
        return; // never answers; the client times out
      }
      if (r < (edge += faults.rateLimitRate)) {
        stats.rateLimited++;
        return send(res, 429, { error: 'slow down' }, { 'Retry-After': String(faults.retryAfterSeconds) });
      }
      const drop = r < edge + faults.dropAfterStoreRate;
      let batch;
      try {
        batch = JSON.parse(body.toString('utf8'));
      } catch {
        return send(res, 400, { error: 'body is not JSON' });
      }
      if (!batch || !Array.isArray(batch.documents)) return send(res, 400, { error: 'documents missing' });
      if (onBatch) await onBatch(batch);
      const response = accept(batch);
      stats.batches++;
      keys.set(key, { bodyHash, status: 200, response });
      const answer = () => {
        if (drop) {
          stats.dropped++;
          req.socket.destroy(); // stored, but the library never hears so
          return;
        }
        send(res, 200, response);
      };
      if (faults.delayMs) setTimeout(answer, faults.delayMs);
      else answer();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = server.address().port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    store,
    keys,
    stats,
    /** Called with each fresh batch before it is stored (tests use it to act while a batch is in flight). */
    setOnBatch(fn) {
      onBatch = fn;
    },
    setFaults(next) {
      faults = { ...NO_FAULTS, ...next };
    },
    /** Held versions as a plain object id → version. */
    held() {
      return Object.fromEntries([...store].map(([id, d]) => [id, d.version]));
    },
    close() {
      for (const res of hung) res.destroy();
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
