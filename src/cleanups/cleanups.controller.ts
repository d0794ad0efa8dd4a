import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '../auth/current-user.js';
import { Roles } from '../auth/roles.decorator.js';
import { ValidationFailed } from '../common/domain-error.js';
import { BODY_LIMITS, BodyLimit } from '../common/request-body.js';
import { STATUS_LABELS } from '../validity/validity-status.js';
import { DECISION_LABELS } from './cleanup-decisions.js';
import type { CampaignView } from './cleanups.service.js';
import { CleanupsService } from './cleanups.service.js';
import { CreateCleanupDto, FinalizeCleanupDto, RecordDecisionsDto } from './dto/cleanup.dto.js';

const idParam = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationFailed([{ field: 'id', reason: 'must be a UUID' }]),
});

/** A campaign as the API shows it: scope, progress, and each document with its decision. */
function toResponse(v: CampaignView) {
  const c = v.campaign;
  const decided = v.items.filter((i) => i.decision).length;
  const item = (i: CampaignView['items'][number]) => ({
    documentId: i.documentId,
    docNumber: i.docNumber,
    title: i.title,
    category: i.category,
    publishedOn: i.publishedOn,
    status: i.status,
    statusLabel: STATUS_LABELS[i.status],
    decision: i.decision,
    decisionLabel: i.decision ? DECISION_LABELS[i.decision] : null,
    reason: i.reason,
    decidedBy: i.decidedBy,
    decidedAt: i.decidedAt ? new Date(i.decidedAt).toISOString() : null,
  });
  return {
    id: c.id,
    title: c.title,
    scope: { category: c.category, issuer: c.issuer, issuedFrom: c.issuedFrom, issuedTo: c.issuedTo },
    state: c.state,
    counts: { documents: v.items.length, decided, undecided: v.items.length - decided },
    decisionDocumentId: c.decisionDocumentId,
    decisionDocNumber: c.decisionDocNumber,
    effectiveOn: c.effectiveOn,
    createdBy: c.createdBy,
    createdAt: new Date(c.createdAt).toISOString(),
    finalizedBy: c.finalizedBy,
    finalizedAt: c.finalizedAt ? new Date(c.finalizedAt).toISOString() : null,
    undecided: v.items.filter((i) => !i.decision).map(item),
    items: v.items.map(item),
  };
}

@ApiTags('cleanups')
@ApiBearerAuth()
@Controller('cleanups')
export class CleanupsController {
  constructor(private readonly cleanups: CleanupsService) {}

  /** Starts a clean-up over every document of the scope that has not ended. */
  @Post()
  @Roles('legal')
  async create(@Body() body: CreateCleanupDto, @CurrentUser() user: AuthenticatedUser) {
    return toResponse(await this.cleanups.create(body, { id: user.id, username: user.username }));
  }

  /** The campaign, with the documents still undecided. */
  @Get(':id')
  @Roles('legal')
  async get(@Param('id', idParam) id: string) {
    return toResponse(await this.cleanups.get(id));
  }

  /** Records decisions (继续有效 / 修改 / 废止 / 宣布失效, with reason); they apply only on finalising. */
  @Post(':id/decisions')
  @HttpCode(200)
  @Roles('legal')
  @BodyLimit(BODY_LIMITS.document)
  async decide(
    @Param('id', idParam) id: string,
    @Body() body: RecordDecisionsDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return toResponse(await this.cleanups.decide(id, body.decisions, { id: user.id, username: user.username }));
  }

  /** Applies every decision under one decision document, all in one transaction or none. */
  @Post(':id/finalize')
  @HttpCode(200)
  @Roles('legal')
  async finalize(
    @Param('id', idParam) id: string,
    @Body() body: FinalizeCleanupDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    const result = await this.cleanups.finalize(id, body, { id: user.id, username: user.username });
    return { ...toResponse(result), summary: result.summary };
  }
}
