import { DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CleanupsModule } from './cleanups/cleanups.module.js';
import { CommonModule } from './common/common.module.js';
import { boundedError, boundedRequest, boundedResponse, capLogLine } from './common/log-limits.js';
import type { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { QueuesModule } from './queues/queues.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { HealthModule } from './health/health.module.js';
import { ProvinceSyncModule } from './province-sync/province-sync.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RelationsModule } from './relations/relations.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { ValiditySchedulingModule } from './validity/validity-scheduling.module.js';
import { ValidityModule } from './validity/validity.module.js';
import { SearchModule } from './search/search.module.js';
import { WebModule } from './web/web.module.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The path of the JSON API. */
export const API_PREFIX = 'api/v1';

/**
 * The modules whose controllers make up the JSON API, served under /api/v1. The public pages (web/) sit
 * beside it at the root, at paths that mirror the API's (/documents/{id}, /search), which a global prefix
 * with exclusions cannot tell apart; a module with a controller belongs in this list or in the web's.
 */
const API_MODULES = [
  AuthModule,
  AuditModule,
  DocumentsModule,
  RelationsModule,
  ValidityModule,
  ReportsModule,
  CleanupsModule,
  SearchModule,
  HealthModule,
  ProvinceSyncModule,
];

@Module({})
export class AppModule {
  /** `logStream` receives the log lines instead of standard output (tests read what a request logs). */
  static forRoot(config: AppConfig, options: { logStream?: DestinationStream } = {}): DynamicModule {
    const pinoHttp = {
      level: config.LOG_LEVEL,
      // A correlation id on every request and every log line: the caller's X-Request-Id, or a new one.
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // What a client sends is capped before it reaches a line, and no line passes 2 KB (common/log-limits.ts).
      serializers: { req: boundedRequest, res: boundedResponse, err: boundedError },
      hooks: { streamWrite: capLogLine },
      // A 500's line carries its error (the problem filter hands it over as res.err), at level error.
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || res.statusCode >= 500 ? 'error' : 'info',
      customErrorMessage: (_req: IncomingMessage, res: ServerResponse) =>
        res.statusCode >= 500 ? 'unhandled error' : 'request errored',
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      customProps: () => ({ service: 'policy-library' }),
    };
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: options.logStream ? [pinoHttp, options.logStream] : pinoHttp }),
        CommonModule,
        DatabaseModule,
        OutboxModule,
        RedisModule,
        QueuesModule,
        ...API_MODULES,
        ValiditySchedulingModule,
        RouterModule.register(API_MODULES.map((module) => ({ path: API_PREFIX, module }))),
        WebModule,
      ],
    };
  }
}
