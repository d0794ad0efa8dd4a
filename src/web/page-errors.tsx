import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../common/domain-error.js';
import type { HtmlErrorPages } from '../common/problem-details.filter.js';
import { SearchBox } from '../ui/components/search-box.js';
import { renderPage } from '../ui/render.js';
import { sendHtml } from './page-response.js';
import { PageKit } from './page-kit.js';
import { toPageErrors } from './page-query.js';
import { SiteLayout } from './site-layout.js';

/** A page that cannot be shown, with what the reader is told (in Chinese). */
export class PageError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(title);
    this.name = 'PageError';
  }
}

export const notFoundPage = (detail = '您要找的页面不存在，可能已被移动，或地址有误。') =>
  new PageError(404, '页面不存在', detail);

interface Shown {
  status: number;
  title: string;
  detail: string;
}

/** What the reader is told for an error: never a message, a stack or a name from inside the application. */
export function describe(exception: unknown): Shown {
  if (exception instanceof PageError) return exception;
  if (exception instanceof DomainError) {
    switch (exception.kind) {
      case 'not_found':
        return { status: 404, title: '未找到该文件', detail: '库中没有这份文件，可能地址有误。' };
      case 'validation':
        return {
          status: 400,
          title: '请求有误',
          detail: toPageErrors(exception.errors)
            .map((e) => e.message)
            .join('；'),
        };
      default:
        return { status: 400, title: '请求有误', detail: '无法处理这个请求。' };
    }
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) return notFoundPage();
    if (status === 405) return { status, title: '不支持该请求方式', detail: '本页面只能浏览，不能提交。' };
    if (status === 503) return { status, title: '服务暂时不可用', detail: '检索服务正忙或暂时不可用，请稍后再试。' };
    if (status < 500) return { status, title: '请求有误', detail: '无法处理这个请求，请检查地址。' };
  }
  return { status: 500, title: '系统暂时出现问题', detail: '我们已记录这个问题，请稍后再试。' };
}

export function ErrorPageView(props: {
  chrome: Parameters<typeof SiteLayout>[0]['chrome'];
  shown: Shown;
  requestId?: string;
}) {
  const { shown } = props;
  return (
    <SiteLayout chrome={props.chrome} title={shown.title} section={null} noindex>
      <h1>{shown.title}</h1>
      <p>{shown.detail}</p>
      {props.requestId && shown.status >= 500 ? <p>如需反映，请提供问题编号：{props.requestId}</p> : null}
      <h2>您可以</h2>
      <ul>
        <li>
          <a href="/">回到首页</a>
        </li>
        <li>检索文件：</li>
      </ul>
      <SearchBox id="error-q" />
    </SiteLayout>
  );
}

/** Renders an error as a page of the site (its layout, in Chinese). Used for every request outside /api/. */
@Injectable()
export class PageErrorRenderer implements HtmlErrorPages {
  private readonly logger = new Logger('Pages');

  constructor(private readonly kit: PageKit) {}

  handles(req: Request): boolean {
    return !/^\/api(\/|$)/.test(req.path);
  }

  render(exception: unknown, req: Request, res: Response): void {
    const shown = describe(exception);
    const requestId = typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : undefined;
    // The request's own log line carries the error (pino-http reads res.err), as for the API.
    if (shown.status >= 500) {
      (res as Response & { err?: Error }).err =
        exception instanceof Error ? exception : new Error(`non-error thrown: ${String(exception).slice(0, 200)}`);
    }
    if (res.headersSent) return;
    try {
      const html = renderPage(<ErrorPageView chrome={this.kit.chrome(req)} shown={shown} requestId={requestId} />);
      sendHtml(res, html, { status: shown.status, cache: 'none' });
    } catch (e) {
      this.logger.error({ err: e, path: req.originalUrl }, 'error page failed');
      res.status(shown.status).type('text/plain; charset=utf-8').send(`${shown.title}\n`);
    }
  }
}

/** The pages' exception filter: every error of a page route becomes a page. */
@Catch()
@Injectable()
export class PageExceptionFilter implements ExceptionFilter {
  constructor(private readonly pages: PageErrorRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    this.pages.render(exception, ctx.getRequest<Request>(), ctx.getResponse<Response>());
  }
}
