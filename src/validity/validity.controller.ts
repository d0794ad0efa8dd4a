import { Body, Controller, Delete, Get, Header, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, OptionalUser, type AuthenticatedUser } from '../auth/current-user.js';
import { Roles } from '../auth/roles.decorator.js';
import { addDays } from '../common/calendar-date.js';
import { Clock } from '../common/clock.js';
import { ValidationFailed } from '../common/domain-error.js';
import { parseIfMatch, uuidParam } from '../documents/documents.controller.js';
import { DocumentsService } from '../documents/documents.service.js';
import { type DocumentResponse, toDocumentResponse } from '../documents/dto/document.response.js';
import { CATEGORY_LABELS } from '../documents/document-category.js';
import { ExpiringQuery } from './dto/expiring.query.js';
import { CancelScheduledDto, ValidityActionDto } from './dto/validity-action.dto.js';
import {
  type ScheduledActionResponse,
  toEventResponse,
  toScheduledResponse,
  type ValidityEventResponse,
} from './dto/validity.response.js';
import { STATUS_LABELS } from './validity-status.js';
import { ValidityRepository } from './validity.repository.js';
import { ValidityService } from './validity.service.js';

/** validUntil minus six months, the start of the evaluation window for normative documents. */
export function evaluationDueFrom(validUntil: string): string {
  const [y, m, d] = validUntil.split('-').map(Number);
  const month = m - 6 <= 0 ? m + 6 : m - 6;
  const year = m - 6 <= 0 ? y - 1 : y;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** A scheduled action id: a positive whole number that fits PostgreSQL's bigint. */
const scheduledIdParam = {
  transform(value: string): string {
    if (!/^[1-9]\d{0,17}$/.test(value)) {
      throw new ValidationFailed([{ field: 'scheduledId', reason: 'must be a scheduled action id' }]);
    }
    return value;
  },
};

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

@ApiTags('validity')
@Controller()
export class ValidityController {
  constructor(
    private readonly validity: ValidityService,
    private readonly repository: ValidityRepository,
    private readonly documents: DocumentsService,
    private readonly clock: Clock,
  ) {}

  /**
   * A validity action (有效性): mark_in_force, repeal, expire, partially_invalidate, or a correction of the
   * latest event. Send `If-Match` with the version you read. A future effectiveOn schedules the change.
   */
  @Post('documents/:id/validity')
  @HttpCode(201)
  @Roles('legal')
  @ApiBearerAuth()
  @ApiHeader({ name: 'If-Match', required: true, description: 'The version you read, e.g. "3"' })
  async act(
    @Param('id', uuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: ValidityActionDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{
    document: DocumentResponse;
    event: ValidityEventResponse | null;
    scheduled: ScheduledActionResponse | null;
  }> {
    const outcome = await this.validity.apply(id, body, parseIfMatch(ifMatch), {
      id: user.id,
      username: user.username,
    });
    const doc = await this.documents.get(id);
    res.setHeader('ETag', `"${doc.version}"`);
    return {
      document: toDocumentResponse(doc, { withBody: false }),
      event: outcome.event ? toEventResponse(outcome.event, true) : null,
      scheduled: outcome.scheduled ? toScheduledResponse(outcome.scheduled, true) : null,
    };
  }

  /** Cancels a scheduled action before its date. Send `If-Match` with the version you read. */
  @Delete('documents/:id/validity/scheduled/:scheduledId')
  @Roles('legal')
  @ApiBearerAuth()
  @ApiHeader({ name: 'If-Match', required: true, description: 'The version you read, e.g. "3"' })
  async cancel(
    @Param('id', uuidParam) id: string,
    @Param('scheduledId', scheduledIdParam) scheduledId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: CancelScheduledDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ScheduledActionResponse> {
    const cancelled = await this.validity.cancelScheduled(id, scheduledId, body.reason, parseIfMatch(ifMatch), {
      id: user.id,
      username: user.username,
    });
    const doc = await this.documents.get(id);
    res.setHeader('ETag', `"${doc.version}"`);
    return toScheduledResponse(cancelled, true);
  }

  /**
   * Every validity event of the document, oldest first, and its scheduled actions. Each names the acting
   * office (`actedBy`); staff (a request with a valid token) also see the acting user (`actor`).
   */
  @Get('documents/:id/history')
  // The answer differs for staff: no shared cache may hand one to the other.
  @Header('Vary', 'Authorization')
  async history(
    @Param('id', uuidParam) id: string,
    @OptionalUser() user: AuthenticatedUser | undefined,
  ): Promise<{
    documentId: string;
    status: string;
    statusLabel: string;
    events: ValidityEventResponse[];
    scheduled: ScheduledActionResponse[];
  }> {
    const doc = await this.documents.get(id);
    const { events, scheduled } = await this.repository.history(id);
    return {
      documentId: id,
      status: doc.status,
      statusLabel: STATUS_LABELS[doc.status],
      events: events.map((e) => toEventResponse(e, user !== undefined)),
      scheduled: scheduled.map((s) => toScheduledResponse(s, user !== undefined)),
    };
  }

  /** Documents whose validUntil falls within the window: due for evaluation before they expire. */
  @Get('validity/expiring')
  @Roles('legal')
  @ApiBearerAuth()
  async expiring(@Query() q: ExpiringQuery) {
    const today = this.clock.today();
    const until = addDays(today, q.withinDays);
    const { total, items } = await this.repository.expiring(today, until, q.page, q.pageSize);
    return {
      today,
      withinDays: q.withinDays,
      until,
      total,
      page: q.page,
      pageSize: q.pageSize,
      items: items.map((d) => ({
        ...d,
        categoryLabel: CATEGORY_LABELS[d.category],
        statusLabel: STATUS_LABELS[d.status],
        daysLeft: daysBetween(today, d.validUntil),
        evaluationDueFrom: evaluationDueFrom(d.validUntil),
      })),
    };
  }
}
