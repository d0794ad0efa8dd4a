import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { RelationsModule } from '../relations/relations.module.js';
import { ValidityModule } from '../validity/validity.module.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({
  imports: [DocumentsModule, ValidityModule, RelationsModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
