import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthService } from './auth.service.js';
import { LoginDto, TokenResponse } from './dto/login.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Exchanges a username and password for a bearer token. */
  @Post('login')
  @HttpCode(200)
  login(@Body() body: LoginDto): Promise<TokenResponse> {
    return this.auth.login(body.username, body.password);
  }
}
