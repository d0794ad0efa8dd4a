import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

/**
 * The BullMQ connection every queue shares. `REDIS_PREFIX` namespaces the keys, so
 * several libraries (or test files) can share one Redis. Capabilities register their
 * own queues with `BullModule.registerQueue({ name: QUEUES.… })`.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
        prefix: config.REDIS_PREFIX,
      }),
    }),
  ],
  exports: [BullModule],
})
export class QueuesModule {}
