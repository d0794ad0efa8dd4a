import { MaxChars } from '../../common/validators.js';
import { IsIn, IsNotEmpty, IsOptional, IsString } from 'class-validator';

export class AnnualReportQuery {
  /** The issuer's full name, e.g. 攀枝花市人民政府; all issuers when left out. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxChars(200)
  issuer?: string;

  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'must be json or csv' })
  format?: 'json' | 'csv';
}
