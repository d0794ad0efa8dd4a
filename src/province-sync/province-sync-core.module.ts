import { Module } from '@nestjs/common';
import { ProvinceSyncRepository } from './province-sync.repository.js';
import { ProvinceSyncRunner } from './province-sync.runner.js';
import { ProvinceSyncRunsService } from './province-sync-runs.service.js';

/** The push without the queue: what the command line needs to run a push in its own process. */
@Module({
  providers: [ProvinceSyncRepository, ProvinceSyncRunner, ProvinceSyncRunsService],
  exports: [ProvinceSyncRepository, ProvinceSyncRunner, ProvinceSyncRunsService],
})
export class ProvinceSyncCoreModule {}
