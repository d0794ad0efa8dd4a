import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsCalendarDate, MaxChars } from '../../common/validators.js';
import { DOCUMENT_CATEGORIES, type DocumentCategory } from '../../documents/document-category.js';
import { VALIDITY_STATUSES, type ValidityStatus } from '../../validity/validity-status.js';
import { MAX_PAGE_SIZE, type SearchSort } from '../search-engine.js';

export const SEARCH_SORTS: readonly SearchSort[] = ['relevance', '-publishedOn', 'publishedOn'];
/** Deep pages cost the engines more and serve nobody: results past this page are not shown. */
export const MAX_PAGE = 100;

/** `GET /search` (SPEC 3). */
export class SearchQueryDto {
  /** Words, a phrase, a 发文字号 in any written form, an issuer… Empty lists everything the filters pass. */
  @IsOptional()
  @IsString()
  @MaxChars(200)
  q: string = '';

  @IsOptional()
  @IsIn(DOCUMENT_CATEGORIES, { message: `must be one of ${DOCUMENT_CATEGORIES.join(', ')}` })
  category?: DocumentCategory;

  @IsOptional()
  @IsIn(VALIDITY_STATUSES, { message: `must be one of ${VALIDITY_STATUSES.join(', ')}` })
  status?: ValidityStatus;

  /** The issuer's full name, e.g. 攀枝花市人民政府. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxChars(200)
  issuer?: string;

  /** Year of publishedOn. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1900, { message: 'must be between 1900 and 2999' })
  @Max(2999, { message: 'must be between 1900 and 2999' })
  year?: number;

  /** publishedOn on or after this date. */
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  /** publishedOn on or before this date. */
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @IsOptional()
  @IsIn(SEARCH_SORTS, { message: `must be one of ${SEARCH_SORTS.join(', ')}` })
  sort: SearchSort = 'relevance';

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: `must be between 1 and ${MAX_PAGE}` })
  @Max(MAX_PAGE, { message: `must be between 1 and ${MAX_PAGE}` })
  page: number = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: `must be between 1 and ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `must be between 1 and ${MAX_PAGE_SIZE}` })
  pageSize: number = 20;
}
