import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '../auth/current-user.js';
import { Roles } from '../auth/roles.decorator.js';
import { uuidParam } from '../documents/documents.controller.js';
import {
  ListRunsQuery,
  SyncOverviewResponse,
  SyncRunPage,
  SyncRunResponse,
  toSyncOverviewResponse,
  toSyncRunResponse,
} from './dto/sync-run.response.js';
import { ProvinceSyncRunsService } from './province-sync-runs.service.js';
import { ProvinceSyncService } from './province-sync.service.js';

@ApiTags('province sync')
@ApiBearerAuth()
@Controller('sync/province')
export class ProvinceSyncController {
  constructor(
    private readonly service: ProvinceSyncService,
    private readonly runs: ProvinceSyncRunsService,
  ) {}

  /** How many documents are in step with the province, wait, or were rejected (and why); the last successful run. */
  @Get()
  @Roles('admin')
  async overview(): Promise<SyncOverviewResponse> {
    return toSyncOverviewResponse(await this.runs.overview());
  }

  /** Starts a push now: 202 with the queued run; 409 when a run is already active. */
  @Post('runs')
  @Roles('admin')
  @HttpCode(202)
  async start(@CurrentUser() user: AuthenticatedUser): Promise<SyncRunResponse> {
    return toSyncRunResponse(await this.service.requestRun('manual', user.username));
  }

  /** Runs, newest first. */
  @Get('runs')
  @Roles('admin')
  async list(@Query() query: ListRunsQuery): Promise<SyncRunPage> {
    const { total, items } = await this.runs.listRuns(query.page, query.pageSize);
    return { total, page: query.page, pageSize: query.pageSize, items: items.map(toSyncRunResponse) };
  }

  @Get('runs/:id')
  @Roles('admin')
  async get(@Param('id', uuidParam) id: string): Promise<SyncRunResponse> {
    return toSyncRunResponse(await this.runs.getRun(id));
  }
}
