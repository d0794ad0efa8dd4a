import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** One shared Redis connection for readiness checks and small keys; queues open their own. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const redis = new Redis(config.REDIS_URL, {
          // Fail fast while disconnected instead of queueing commands forever.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          retryStrategy: (times) => Math.min(times * 200, 5_000),
        });
        // Log a lost connection once, not on every retry; /health reports it meanwhile.
        const logger = new Logger('Redis');
        let lastError = '';
        redis.on('error', (e: Error) => {
          if (e.message !== lastError) logger.warn(`Redis unavailable: ${e.message}`);
          lastError = e.message;
        });
        redis.on('ready', () => {
          if (lastError) logger.log('Redis connection restored');
          lastError = '';
        });
        return redis;
      },
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
