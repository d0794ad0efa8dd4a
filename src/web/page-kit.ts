import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { SiteAssets } from '../ui/assets.js';
import type { Chrome } from '../ui/layout.js';

/** The cookie that keeps 关怀模式 on (set by /care-mode). */
export const CARE_COOKIE = 'care';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** What every page handler needs besides its data: the assets, 关怀模式, absolute addresses, today. */
@Injectable()
export class PageKit {
  readonly assets = new SiteAssets();

  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'PUBLIC_URL'>,
    private readonly clock: Clock,
  ) {}

  chrome(req: Request): Chrome {
    return {
      stylesheet: this.assets.url('site.css'),
      icon: this.assets.url('icon.svg'),
      care: careModeOn(req),
      currentUrl: req.originalUrl,
    };
  }

  /**
   * The site's address for absolute links (feeds, sitemap): PUBLIC_URL, else the address the request came in
   * on (its Host header when that is a plain host name, so a forged one cannot inject markup).
   */
  baseUrl(req: Request): string {
    if (this.config.PUBLIC_URL) return this.config.PUBLIC_URL;
    const host = req.headers.host ?? '';
    return `${req.protocol === 'https' ? 'https' : 'http'}://${HOST.test(host) ? host : 'localhost'}`;
  }

  today(): string {
    return this.clock.today();
  }
}

export function careModeOn(req: Request): boolean {
  const cookie = req.headers.cookie;
  return !!cookie && /(?:^|;\s*)care=1(?:;|$)/.test(cookie);
}
