import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { RelationsModule } from '../relations/relations.module.js';
import { ValiditySweepService } from './validity-sweep.service.js';
import { ValidityController } from './validity.controller.js';
import { ValidityRepository } from './validity.repository.js';
import { ValidityService } from './validity.service.js';

/** Validity actions, history, expiring documents and the sweep (without its schedule: see ValiditySchedulingModule). */
@Module({
  imports: [DocumentsModule, RelationsModule],
  controllers: [ValidityController],
  providers: [ValidityRepository, ValidityService, ValiditySweepService],
  exports: [ValidityRepository, ValidityService, ValiditySweepService],
})
export class ValidityModule {}
