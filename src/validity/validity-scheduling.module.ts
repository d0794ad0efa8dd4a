import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '../queues/queue-names.js';
import { ValiditySweepProcessor, ValiditySweepScheduler } from './validity-sweep.processor.js';
import { ValidityModule } from './validity.module.js';

/** The daily sweep's Job Scheduler and worker; only the server loads it, not the CLI. */
@Module({
  imports: [ValidityModule, BullModule.registerQueue({ name: QUEUES.validity })],
  providers: [ValiditySweepProcessor, ValiditySweepScheduler],
})
export class ValiditySchedulingModule {}
