import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { IsCalendarDate, IsNotBlank, MaxChars } from '../../common/validators.js';
import { DOCUMENT_CATEGORIES, type DocumentCategory } from '../document-category.js';

/** Limits on what one document may hold. A body of tens of thousands of characters is normal. */
export const LIMITS = {
  title: 500,
  docNumber: 100,
  issuer: 200,
  shortText: 200,
  list: 50,
  summary: 5_000,
  body: 2_000_000,
} as const;

/**
 * The document fields a client may write (SPEC 2). `status` and `version` are never
 * written directly. Optional fields accept null to clear them.
 */
export class CreateDocumentDto {
  /** 标题 */
  @IsString()
  @IsNotBlank()
  @MaxChars(LIMITS.title)
  title: string;

  /** 发文字号, e.g. 攀府发〔2024〕5号; normalised on input, unique per issuer. */
  @IsOptional()
  @IsString()
  @IsNotBlank({ message: 'must not be blank (send null to leave it out)' })
  @MaxChars(LIMITS.docNumber)
  docNumber?: string | null;

  /** 文件类别: regulation 规章, normative 行政规范性文件, policy 其他政策文件 */
  @IsIn(DOCUMENT_CATEGORIES, { message: `must be one of ${DOCUMENT_CATEGORIES.join(', ')}` })
  category: DocumentCategory;

  /** 发文机关, the full name, e.g. 攀枝花市人民政府 */
  @IsString()
  @IsNotBlank()
  @MaxChars(LIMITS.issuer)
  issuer: string;

  /** The other bodies of a joint issuance. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.list, { message: `must list at most ${LIMITS.list} bodies` })
  @IsString({ each: true, message: 'must hold only strings' })
  @IsNotBlank({ each: true, message: 'must not hold blank names' })
  @MaxChars(LIMITS.issuer, { each: true, message: `must hold names of at most ${LIMITS.issuer} characters` })
  coIssuers?: string[] | null;

  /** 索引号 */
  @IsOptional()
  @IsString()
  @MaxChars(LIMITS.shortText)
  indexNo?: string | null;

  /** 统一登记号 */
  @IsOptional()
  @IsString()
  @MaxChars(LIMITS.shortText)
  registrationNo?: string | null;

  /** 主题分类, two levels separated by a backslash, e.g. 卫生、体育\医药管理 */
  @IsOptional()
  @IsString()
  @MaxChars(LIMITS.shortText)
  topic?: string | null;

  /** 主题词 */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.list, { message: `must list at most ${LIMITS.list} keywords` })
  @IsString({ each: true, message: 'must hold only strings' })
  @MaxChars(LIMITS.shortText, { each: true, message: `must hold keywords of at most ${LIMITS.shortText} characters` })
  keywords?: string[] | null;

  /** 成文日期 (YYYY-MM-DD) */
  @IsOptional()
  @IsCalendarDate()
  signedOn?: string | null;

  /** 发布日期 (YYYY-MM-DD) */
  @IsOptional()
  @IsCalendarDate()
  publishedOn?: string | null;

  /** 施行日期 (YYYY-MM-DD) */
  @IsOptional()
  @IsCalendarDate()
  effectiveFrom?: string | null;

  /** 有效期至 (YYYY-MM-DD) */
  @IsOptional()
  @IsCalendarDate()
  validUntil?: string | null;

  /** 内容概述 */
  @IsOptional()
  @IsString()
  @MaxChars(LIMITS.summary)
  summary?: string | null;

  /** 正文 */
  @IsOptional()
  @IsString()
  @MaxChars(LIMITS.body)
  body?: string | null;
}
