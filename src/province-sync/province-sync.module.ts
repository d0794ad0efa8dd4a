import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '../queues/queue-names.js';
import { ProvinceSyncCoreModule } from './province-sync-core.module.js';
import { ProvinceSyncController } from './province-sync.controller.js';
import { ProvinceSyncProcessor } from './province-sync.processor.js';
import { ProvinceSyncScheduler } from './province-sync.scheduler.js';
import { ProvinceSyncService } from './province-sync.service.js';

/** The nightly push to the provincial library: API, queue, worker and schedules. */
@Module({
  imports: [ProvinceSyncCoreModule, BullModule.registerQueue({ name: QUEUES.provinceSync })],
  controllers: [ProvinceSyncController],
  providers: [ProvinceSyncService, ProvinceSyncProcessor, ProvinceSyncScheduler],
})
export class ProvinceSyncModule {}
