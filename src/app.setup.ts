import type { INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { PublicReadCorsInterceptor } from './auth/public-read-cors.interceptor.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { closeConnectionIfBodyUnread, RequestBodyInterceptor } from './common/request-body.js';
import { requestContextMiddleware } from './common/request-context.js';
import { securityHeaders } from './common/security-headers.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/config.module.js';
import { PageErrorRenderer } from './web/page-errors.js';

/** Swagger UI; its JSON is at `${API_DOCS_PATH}-json`. Served only when API_DOCS is on. */
export const API_DOCS_PATH = 'api/docs';

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\s*(;|$)/i;

/** A write with a body must send JSON; anything else would be silently read as an empty object. */
function requireJsonBody(req: Request, res: Response, next: NextFunction): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (['POST', 'PUT', 'PATCH'].includes(req.method) && hasBody && !JSON_TYPE.test(req.headers['content-type'] ?? '')) {
    const detail = 'The request body must be JSON (Content-Type: application/json).';
    res
      .status(415)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: 'urn:policy-library:problem:request.unsupported_media_type',
          title: 'Unsupported Media Type',
          status: 415,
          detail,
          errors: [{ field: 'Content-Type', reason: 'must be application/json' }],
        }),
      );
    return;
  }
  next();
}

/** The OpenAPI description of every route, built from the controllers and DTOs. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('policy-library')
      .setDescription('政策文件库: the catalogue of regulations, normative documents and policies, with their 有效性.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}

/** Everything main.ts and the end-to-end tests share, so the tests exercise the real stack. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get<AppConfig>(APP_CONFIG);
  const reflector = app.get(Reflector);
  app.useLogger(app.get(Logger));
  app.use(closeConnectionIfBodyUnread);
  app.use(securityHeaders(`/${API_DOCS_PATH}`));
  // The API sits under /api/v1 (RouterModule, app.module.ts), the public pages at the root.
  app.use(requireJsonBody);
  // Who acts and from where, for the audit log (request-context.ts).
  app.use(requestContextMiddleware);
  // Client addresses (login throttling, the audit log) from X-Forwarded-For only behind a trusted proxy.
  if (config.TRUST_PROXY !== undefined) app.set('trust proxy', config.TRUST_PROXY);
  app.useGlobalPipes(createValidationPipe());
  // Bodies are read after the guards (request-body.ts): no token, no large body.
  app.useGlobalInterceptors(new PublicReadCorsInterceptor(reflector), new RequestBodyInterceptor(reflector, config));
  // The API's errors are problem documents; any other path (the web pages, an unknown address) gets a page.
  app.useGlobalFilters(new ProblemDetailsFilter(app.get(PageErrorRenderer)));
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  if (config.API_DOCS) SwaggerModule.setup(API_DOCS_PATH, app, createOpenApiDocument(app));
  return app;
}
