import { Type } from 'class-transformer';
import { PageQuery } from '../../common/page.query.js';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsCalendarDate, MaxChars } from '../../common/validators.js';
import { VALIDITY_STATUSES, type ValidityStatus } from '../../validity/validity-status.js';
import { DOCUMENT_CATEGORIES, type DocumentCategory } from '../document-category.js';

export class ListDocumentsQuery extends PageQuery {
  @IsOptional()
  @IsIn(DOCUMENT_CATEGORIES, { message: `must be one of ${DOCUMENT_CATEGORIES.join(', ')}` })
  category?: DocumentCategory;

  @IsOptional()
  @IsIn(VALIDITY_STATUSES, { message: `must be one of ${VALIDITY_STATUSES.join(', ')}` })
  status?: ValidityStatus;

  /** The issuer's full name. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxChars(200)
  issuer?: string;

  /** A 发文字号 in any written form; it is normalised before matching. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxChars(100)
  docNumber?: string;

  /** The year of publishedOn. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1900, { message: 'must be between 1900 and 2999' })
  @Max(2999, { message: 'must be between 1900 and 2999' })
  year?: number;

  /** Documents in force (现行有效 or 部分失效) on this date, from the validity events. */
  @IsOptional()
  @IsCalendarDate()
  inForceOn?: string;

  /** Documents changed at or after this instant (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'must be an ISO 8601 date-time' })
  updatedSince?: string;
}
