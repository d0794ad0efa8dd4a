import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator.js';
import { isCalendarDate } from '../common/calendar-date.js';
import { toCsv } from '../common/csv.js';
import { type FieldProblem, ValidationFailed } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuditQuery } from './dto/audit.query.js';
import { type AuditEntry, type AuditFilter, AuditRepository } from './audit.repository.js';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

function bound(value: string | undefined, field: string, problems: FieldProblem[]): Date | string | undefined {
  if (value === undefined) return undefined;
  if (isCalendarDate(value)) return value;
  if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  problems.push({ field, reason: 'must be a calendar date YYYY-MM-DD or an ISO 8601 instant with its offset' });
  return undefined;
}

const CSV_COLUMNS = [
  'id',
  'at',
  'actor',
  'actorRole',
  'source',
  'clientAddress',
  'requestId',
  'sessionId',
  'entity',
  'entityId',
  'action',
  'changes',
  'note',
] as const;

const toResponse = (e: AuditEntry) => ({ ...e, at: new Date(e.at).toISOString() });

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Who did what, when and from where: every write to documents, validity, relations, clean-ups, users and
   * sessions, every login attempt and every provincial push started. Newest first; `?format=csv` for all of it.
   */
  @Get()
  @Roles('admin')
  @ApiBearerAuth()
  async list(@Query() q: AuditQuery, @Res() res: Response): Promise<void> {
    const problems: FieldProblem[] = [];
    const filter: AuditFilter = {
      actor: q.actor,
      entity: q.entity,
      entityId: q.entityId,
      from: bound(q.from, 'from', problems),
      to: bound(q.to, 'to', problems),
      timeZone: this.config.APP_TIMEZONE,
    };
    if (problems.length) throw new ValidationFailed(problems);
    if (q.format !== 'csv') {
      const { total, items } = await this.audit.page(filter, q.page, q.pageSize);
      res.json({ total, page: q.page, pageSize: q.pageSize, items: items.map(toResponse) });
      return;
    }
    res
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', 'attachment; filename="audit-log.csv"')
      .write(toCsv([CSV_COLUMNS]));
    for await (const rows of this.audit.all(filter)) {
      if (res.destroyed) return;
      const chunk = toCsv(
        rows.map((e) => {
          const r = { ...toResponse(e), changes: JSON.stringify(e.changes) };
          return CSV_COLUMNS.map((c) => r[c]);
        }),
        { bom: false },
      );
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  }
}
