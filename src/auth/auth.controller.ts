import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { clientAddress } from '../common/request-context.js';
import { type LoginClient, AuthService } from './auth.service.js';
import { CurrentUser, type AuthenticatedUser } from './current-user.js';
import { ChangePasswordDto, LoginDto, TokenResponse } from './dto/login.dto.js';
import { Authenticated } from './roles.decorator.js';

export const clientOf = (req: Request): LoginClient => ({
  address: clientAddress(req),
  userAgent: req.headers['user-agent'] ?? null,
  requestId: typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : null,
});

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * Exchanges a username and password for a bearer token (one session). Repeated failures for an account or
   * from an address delay further attempts (429 with Retry-After).
   */
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Req() req: Request): Promise<TokenResponse> {
    const { accessToken, expiresAt } = await this.auth.login(body.username, body.password, clientOf(req));
    return { accessToken, expiresAt };
  }

  /** Ends this token's session: the token is refused from now on, by every server. */
  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiBearerAuth()
  async logout(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.auth.logout(user);
  }

  /** Changes your own password (the current one is needed); your other sessions end, this one goes on. */
  @Post('password')
  @HttpCode(204)
  @Authenticated()
  @ApiBearerAuth()
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
  ): Promise<void> {
    await this.auth.changeOwnPassword(user, body.currentPassword, body.newPassword, clientOf(req));
  }
}
