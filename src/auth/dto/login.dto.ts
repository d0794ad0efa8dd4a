import { IsNotEmpty, IsString } from 'class-validator';
import { MaxChars } from '../../common/validators.js';

export class LoginDto {
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxChars(64)
  username: string;

  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxChars(1024)
  password: string;
}

export class TokenResponse {
  accessToken: string;
  /** ISO 8601 instant after which the token is refused. */
  expiresAt: string;
}

export class ChangePasswordDto {
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxChars(1024)
  currentPassword: string;

  /** At least 10 characters; not blank, repeated, a run, common, or containing the username. */
  @IsString()
  @MaxChars(1024)
  newPassword: string;
}
