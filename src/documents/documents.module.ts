import { Module } from '@nestjs/common';
import { RelationsModule } from '../relations/relations.module.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsRepository } from './documents.repository.js';
import { DocumentsService } from './documents.service.js';
import { DocumentExportService } from './import/document-export.service.js';
import { DocumentImportService } from './import/document-import.service.js';
import { ImportRepository } from './import/import.repository.js';

@Module({
  imports: [RelationsModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, DocumentsRepository, ImportRepository, DocumentImportService, DocumentExportService],
  exports: [DocumentsService, DocumentsRepository, DocumentImportService, DocumentExportService],
})
export class DocumentsModule {}
