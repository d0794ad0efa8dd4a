import { PageQuery } from '../../common/page.query.js';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ExpiringQuery extends PageQuery {
  /** Documents whose validUntil falls within this many days from today. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be between 0 and 3660' })
  @Max(3660, { message: 'must be between 0 and 3660' })
  withinDays: number = 180;

  /** Default 50 a page. */
  override pageSize: number = 50;
}
