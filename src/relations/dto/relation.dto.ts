import { IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID } from 'class-validator';
import { IsCalendarDate, MaxChars } from '../../common/validators.js';
import { INTERPRETATION_FORMS, type InterpretationForm, LINKABLE_KINDS, type RelationKind } from '../relation-kinds.js';

/** `POST /documents/{id}/relations`: the other document by id, or (outside the library) by 发文字号 and title. */
export class CreateRelationDto {
  @IsIn(LINKABLE_KINDS, { message: `must be one of ${LINKABLE_KINDS.join(', ')}` })
  kind: RelationKind;

  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  targetDocumentId?: string | null;

  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxChars(100)
  targetDocNumber?: string | null;

  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxChars(500)
  targetTitle?: string | null;
}

/** `POST /documents/{id}/interpretations`: a 政策解读 of the document. */
export class CreateInterpretationDto {
  @IsIn(INTERPRETATION_FORMS, { message: `must be one of ${INTERPRETATION_FORMS.join(', ')}` })
  form: InterpretationForm;

  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxChars(500)
  title: string;

  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'must be an http(s) URL' })
  @MaxChars(2000)
  url?: string | null;

  @IsOptional()
  @IsCalendarDate()
  publishedOn?: string | null;

  /** When the interpretation is itself a document in the library. */
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  documentId?: string | null;
}
