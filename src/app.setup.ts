import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { requestContextMiddleware } from './common/request-context.js';
import type { AppConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/config.module.js';
import { createValidationPipe } from './common/validation.js';
import { PageErrorRenderer } from './web/page-errors.js';

/** Largest request body accepted: a document body of two million characters fits. */
export const BODY_LIMIT = '8mb';

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

/** Everything main.ts and the end-to-end tests share, so the tests exercise the real stack. */
export function configureApp(app: NestExpressApplication, options: { swagger?: boolean } = {}): INestApplication {
  app.useLogger(app.get(Logger));
  app.use(requireJsonBody);
  app.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  // Who acts and from where, for the audit log: after the body parser, whose callbacks would lose it.
  app.use(requestContextMiddleware);
  const { TRUST_PROXY } = app.get<AppConfig>(APP_CONFIG);
  // Client addresses (login throttling, the audit log) from X-Forwarded-For only behind a trusted proxy.
  if (TRUST_PROXY !== undefined) app.set('trust proxy', TRUST_PROXY);
  app.useGlobalPipes(createValidationPipe());
  // The API's errors are problem documents; any other path (the web pages, an unknown address) gets a page.
  app.useGlobalFilters(new ProblemDetailsFilter(app.get(PageErrorRenderer)));
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  if (options.swagger !== false) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('policy-library')
        .setDescription(
          '政策文件库: the catalogue of regulations, normative documents and policies, with their 有效性.',
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('api/docs', app, document);
  }
  return app;
}
