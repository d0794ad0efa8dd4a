import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { createServer } from 'node:http';
import type { AppConfig } from '../config/app-config.js';

/**
 * Express on a Node HTTP server whose time limits are the library's: headers within HTTP_HEADERS_TIMEOUT_MS,
 * the whole request within that plus HTTP_BODY_TIMEOUT_MS (Node's default is 300 s), checked every second
 * (Node checks every 30 s by default, so a limit could be overrun by as much). A connection that breaks a
 * limit gets 408 and is closed. The body reader (request-body.ts) has its own, more precise, body timer.
 */
export class TimeLimitedExpressAdapter extends ExpressAdapter {
  constructor(private readonly limits: Pick<AppConfig, 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_BODY_TIMEOUT_MS'>) {
    super();
  }

  override initHttpServer(options: NestApplicationOptions): void {
    super.initHttpServer(options);
    const headersTimeout = this.limits.HTTP_HEADERS_TIMEOUT_MS;
    this.setHttpServer(
      createServer(
        {
          headersTimeout,
          requestTimeout: headersTimeout + this.limits.HTTP_BODY_TIMEOUT_MS,
          connectionsCheckingInterval: 1_000,
        },
        this.getInstance(),
      ),
    );
  }
}
