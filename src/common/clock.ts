import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { dateInZone } from './calendar-date.js';

/** The one source of "now" and "today". Tests replace it with a fixed clock. */
@Injectable()
export class Clock {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'APP_TIMEZONE'>) {}

  now(): Date {
    return new Date();
  }

  /** Today's calendar date in the government's time zone. */
  today(): string {
    return dateInZone(this.now(), this.config.APP_TIMEZONE);
  }
}

/** A clock that stands still (tests, replays). */
export class FixedClock extends Clock {
  constructor(
    private instant: Date,
    timeZone = 'Asia/Shanghai',
  ) {
    super({ APP_TIMEZONE: timeZone });
  }
  override now(): Date {
    return new Date(this.instant);
  }
  set(instant: Date): void {
    this.instant = instant;
  }
}
