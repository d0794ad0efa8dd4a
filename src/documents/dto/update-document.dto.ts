import { PartialType } from '@nestjs/swagger';
import { CreateDocumentDto } from './create-document.dto.js';

/** A partial update. `title`, `category` and `issuer` may be left out but not cleared (the service refuses null). */
export class UpdateDocumentDto extends PartialType(CreateDocumentDto) {}
