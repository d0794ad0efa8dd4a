import { CallHandler, ExecutionContext, Injectable, NestInterceptor, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { ROLES_KEY } from './roles.decorator.js';

/**
 * CORS for the public reads only: a GET (or HEAD) of a route without @Roles may be read by a page of any site
 * (`Access-Control-Allow-Origin: *`, never with credentials), so other sites can show the catalogue, search
 * results and figures. Staff routes and every write send no CORS header, so a browser keeps other sites'
 * pages from reading or sending them; no preflight is answered, as a public read needs no custom header.
 */
@Injectable()
export class PublicReadCorsInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<Request>();
      const roles = this.reflector.getAllAndOverride<unknown>(ROLES_KEY, [
        context.getHandler(),
        context.getClass() as Type,
      ]);
      if ((req.method === 'GET' || req.method === 'HEAD') && roles === undefined) {
        context
          .switchToHttp()
          .getResponse<Response>()
          .setHeader('Access-Control-Allow-Origin', '*')
          .setHeader('Access-Control-Expose-Headers', 'ETag, X-Request-Id, Content-Disposition');
      }
    }
    return next.handle();
  }
}
