import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({ imports: [DocumentsModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class DemoModule {}
