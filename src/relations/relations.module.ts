import { Module } from '@nestjs/common';
import { RelationsController } from './relations.controller.js';
import { RelationsRepository } from './relations.repository.js';
import { RelationsService } from './relations.service.js';

@Module({
  controllers: [RelationsController],
  providers: [RelationsRepository, RelationsService],
  exports: [RelationsRepository, RelationsService],
})
export class RelationsModule {}
