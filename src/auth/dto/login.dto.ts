import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(64)
  username: string;

  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(1024)
  password: string;
}

export class TokenResponse {
  accessToken: string;
  /** ISO 8601 instant after which the token is refused. */
  expiresAt: string;
}
