import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { IsCalendarDate, MaxChars } from '../../common/validators.js';
import { LEGAL_ACTIONS } from '../validity-state-machine.js';
import { VALIDITY_STATUSES, type ValidityStatus } from '../validity-status.js';

export const REQUEST_ACTIONS = [...LEGAL_ACTIONS, 'correction'] as const;

/**
 * `POST /documents/{id}/validity` (SPEC 3). `expire` takes its reason as a code or label:
 * validity_period_ended 有效期届满, declared_invalid 清理中宣布失效, basis_ceased 依据失效.
 */
export class ValidityActionDto {
  @IsIn(REQUEST_ACTIONS, { message: `must be one of ${REQUEST_ACTIONS.join(', ')}` })
  action: (typeof REQUEST_ACTIONS)[number];

  /** The date the change takes effect; a future date schedules it. */
  @IsCalendarDate()
  effectiveOn: string;

  @IsOptional()
  @IsString()
  @MaxChars(2000)
  reason?: string | null;

  /** The repealing (or deciding) document in the library. */
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  basisDocumentId?: string | null;

  /** The deciding document's 发文字号, when it is not in the library (or instead of its id). */
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxChars(100)
  basisDocNumber?: string | null;

  /** partially_invalidate: the provisions that lose force, e.g. 第五条. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500, { message: 'must list at most 500 provisions' })
  @IsString({ each: true, message: 'must hold only strings' })
  @MaxChars(200, { each: true })
  provisions?: string[] | null;

  /** correction only: the status the document really has. */
  @IsOptional()
  @IsIn(VALIDITY_STATUSES, { message: `must be one of ${VALIDITY_STATUSES.join(', ')}` })
  toStatus?: ValidityStatus | null;

  /** correction only: the id of the event it replaces (the latest one). */
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,18}$/, { message: 'must be an event id' })
  correctsEventId?: string | null;
}

/** `DELETE /documents/{id}/validity/scheduled/{scheduledId}`: why the scheduled action is withdrawn. */
export class CancelScheduledDto {
  @IsString()
  @IsNotEmpty({ message: 'must say why' })
  @MaxChars(2000)
  reason: string;
}
