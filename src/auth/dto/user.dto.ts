import { IsBoolean, IsIn, IsOptional, IsString } from 'class-validator';
import { MaxChars } from '../../common/validators.js';
import { ROLES, type Role } from '../user.entity.js';

export class CreateUserDto {
  /** 3–64 letters, digits, or . _ @ - */
  @IsString()
  @MaxChars(64)
  username: string;

  @IsIn(ROLES, { message: `must be one of ${ROLES.join(', ')}` })
  role: Role;

  /** At least 10 characters; not blank, repeated, a run, common, or containing the username. */
  @IsString()
  @MaxChars(1024)
  password: string;
}

export class UpdateUserDto {
  @IsOptional()
  @IsIn(ROLES, { message: `must be one of ${ROLES.join(', ')}` })
  role?: Role;

  /** true disables the account (its sessions end at once), false enables it again. */
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  disabled?: boolean;
}

export class SetPasswordDto {
  @IsString()
  @MaxChars(1024)
  password: string;
}

export class UserResponse {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  disabledAt: string | null;
  createdAt: string;
  lastLoginAt: string | null;
  passwordChangedAt: string;
  /** Sessions (API tokens, console logins) open now. */
  openSessions: number;
  /** Failed logins counted against the account. */
  failedLogins: number;
  /** Set while failed logins keep the account locked; POST /users/{id}/unlock lifts it. */
  lockedUntil: string | null;
}
