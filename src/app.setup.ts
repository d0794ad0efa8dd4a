import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import { Logger } from 'nestjs-pino';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { createValidationPipe } from './common/validation.js';

/** Largest request body accepted: a document body of two million characters fits. */
export const BODY_LIMIT = '8mb';

/** Everything main.ts and the end-to-end tests share, so the tests exercise the real stack. */
export function configureApp(app: NestExpressApplication, options: { swagger?: boolean } = {}): INestApplication {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api/v1');
  app.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
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
