import { Redis } from 'ioredis';

/** Deletes every key under one test's own prefix (queues, schedules), so the shared Redis keeps no leftovers. */
export async function deleteRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } catch {
    // A Redis that is away has nothing of ours to keep.
  } finally {
    redis.disconnect();
  }
}
