import { IsIn, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { PageQuery } from '../../common/page.query.js';
import { MaxChars } from '../../common/validators.js';

export class AuditQuery extends PageQuery {
  /** The acting login name (or, for the command line, the operator's system user). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxChars(200)
  actor?: string;

  /** document, validity_event, scheduled_validity_action, relation, cleanup, cleanup_decision, issuer, user, session, sync_run. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxChars(64)
  entity?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxChars(200)
  entityId?: string;

  /** A calendar date YYYY-MM-DD (from its start in APP_TIMEZONE) or an ISO 8601 instant with its offset. */
  @IsOptional()
  @IsString()
  @MaxChars(40)
  from?: string;

  /** A calendar date YYYY-MM-DD (to its end, inclusive) or an ISO 8601 instant (exclusive). */
  @IsOptional()
  @IsString()
  @MaxChars(40)
  to?: string;

  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'must be json or csv' })
  format?: 'json' | 'csv';
}
