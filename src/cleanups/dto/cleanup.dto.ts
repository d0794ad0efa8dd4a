import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, MaxChars } from '../../common/validators.js';
import { DOCUMENT_CATEGORIES, type DocumentCategory } from '../../documents/document-category.js';
import { CLEANUP_DECISIONS, DECISION_LABELS } from '../cleanup-decisions.js';

const DECISION_VALUES = [...CLEANUP_DECISIONS, ...CLEANUP_DECISIONS.map((d) => DECISION_LABELS[d])];

/** `POST /cleanups`: a campaign over the documents of a scope, issued between two dates. */
export class CreateCleanupDto {
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxChars(500)
  title: string;

  @IsOptional()
  @IsIn(DOCUMENT_CATEGORIES, { message: `must be one of ${DOCUMENT_CATEGORIES.join(', ')}` })
  category?: DocumentCategory;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxChars(200)
  issuer?: string;

  /** publishedOn from (inclusive) */
  @IsOptional()
  @IsCalendarDate()
  issuedFrom?: string;

  /** publishedOn to (inclusive) */
  @IsOptional()
  @IsCalendarDate()
  issuedTo?: string;
}

export class CleanupDecisionDto {
  @IsUUID('all', { message: 'must be a UUID' })
  documentId: string;

  /** continue 继续有效, amend 修改, repeal 废止, declare_invalid 宣布失效 (code or label) */
  @IsIn(DECISION_VALUES, { message: `must be one of ${DECISION_VALUES.join(', ')}` })
  decision: string;

  @IsOptional()
  @IsString()
  @MaxChars(2000)
  reason?: string;
}

/** `POST /cleanups/{id}/decisions`: one or more decisions; a later decision on a document replaces the earlier. */
export class RecordDecisionsDto {
  @IsArray()
  @ArrayMinSize(1, { message: 'must hold at least one decision' })
  @ArrayMaxSize(1000, { message: 'must hold at most 1000 decisions' })
  @ValidateNested({ each: true })
  @Type(() => CleanupDecisionDto)
  decisions: CleanupDecisionDto[];
}

/** `POST /cleanups/{id}/finalize`: the decision document under which every decision applies. */
export class FinalizeCleanupDto {
  /** 发文字号 of the decision document, e.g. 攀府发〔2025〕12号 */
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxChars(100)
  decisionDocNumber?: string;

  /** The decision document, when it is in the library. */
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  decisionDocumentId?: string;

  /** The date the repeals and declarations take effect (may be in the future: they are then scheduled). */
  @IsCalendarDate()
  effectiveOn: string;
}
