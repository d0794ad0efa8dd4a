import { Body, Controller, Get, Headers, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type AuthenticatedUser } from '../auth/current-user.js';
import { Roles } from '../auth/roles.decorator.js';
import { DomainError, ValidationFailed } from '../common/domain-error.js';
import { BODY_LIMITS, BodyLimit } from '../common/request-body.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { toRelationsResponse } from '../relations/dto/relation.response.js';
import { RelationsService } from '../relations/relations.service.js';
import { proposeValidUntil } from '../validity/validity-defaults.js';
import { DocumentsService } from './documents.service.js';
import { CreateDocumentDto } from './dto/create-document.dto.js';
import { DocumentPage, DocumentResponse, toDocumentResponse } from './dto/document.response.js';
import { ListDocumentsQuery } from './dto/list-documents.query.js';
import { UpdateDocumentDto } from './dto/update-document.dto.js';

/** A bad UUID in the path is the client's mistake: 400 naming the parameter. */
export const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationFailed([{ field: 'id', reason: 'must be a UUID' }]),
});

/** `If-Match: "7"` (or W/"7", or 7) → 7. */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new DomainError(
      'precondition_required',
      'document.if_match_required',
      'Editing needs `If-Match: "<version>"` with the version you read, so that concurrent edits are not lost.',
      [{ field: 'If-Match', reason: 'is required' }],
    );
  }
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m)
    throw new ValidationFailed([{ field: 'If-Match', reason: 'must be the document version in quotes, e.g. "3"' }]);
  return Number(m[1]);
}

const etag = (version: number) => `"${version}"`;

@ApiTags('documents')
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    // Validity capability: relations on the document page, the proposed validity period on registration.
    private readonly relations: RelationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Registers a document. Its status comes from its dates: pending, in_force, or unmarked. */
  @Post()
  @Roles('editor')
  @BodyLimit(BODY_LIMITS.document)
  @ApiBearerAuth()
  async register(
    @Body() body: CreateDocumentDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DocumentResponse> {
    const doc = await this.documents.register(body, { id: user.id, username: user.username });
    res.setHeader('ETag', etag(doc.version)).setHeader('Location', `/api/v1/documents/${doc.id}`);
    const proposal = proposeValidUntil(doc, this.config);
    // A new document has no relations yet; the body matches what GET /documents/{id} shows, plus notices.
    return Object.assign(
      toDocumentResponse(doc, { withBody: true }),
      { relations: [], interpretations: [] },
      proposal ? { notices: [proposal] } : {},
    );
  }

  /** Lists documents, newest first. Items leave out the body; read one document for it. */
  @Get()
  async list(@Query() query: ListDocumentsQuery): Promise<DocumentPage> {
    const { page, pageSize, ...filter } = query;
    const { total, items } = await this.documents.list(filter, page, pageSize);
    return { total, page, pageSize, items: items.map((d) => toDocumentResponse(d, { withBody: false })) };
  }

  @Get(':id')
  async get(@Param('id', uuidParam) id: string, @Res({ passthrough: true }) res: Response): Promise<DocumentResponse> {
    const [doc, relations] = await Promise.all([this.documents.get(id), this.relations.forDocument(id)]);
    res.setHeader('ETag', etag(doc.version));
    return Object.assign(toDocumentResponse(doc, { withBody: true }), toRelationsResponse(relations));
  }

  /** Edits some fields. Send `If-Match` with the version you read; a stale one gets 412 and changes nothing. */
  @Patch(':id')
  @Roles('editor')
  @BodyLimit(BODY_LIMITS.document)
  @ApiBearerAuth()
  @ApiHeader({ name: 'If-Match', required: true, description: 'The version you read, e.g. "3"' })
  async update(
    @Param('id', uuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateDocumentDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DocumentResponse> {
    const doc = await this.documents.update(id, body, parseIfMatch(ifMatch), user);
    res.setHeader('ETag', etag(doc.version));
    return toDocumentResponse(doc, { withBody: true });
  }
}
