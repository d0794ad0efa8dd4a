import { Module } from '@nestjs/common';
import { ValidityModule } from '../validity/validity.module.js';
import { CleanupsController } from './cleanups.controller.js';
import { CleanupsRepository } from './cleanups.repository.js';
import { CleanupsService } from './cleanups.service.js';

@Module({
  imports: [ValidityModule],
  controllers: [CleanupsController],
  providers: [CleanupsRepository, CleanupsService],
})
export class CleanupsModule {}
