import { Body, Controller, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { uuidParam } from '../documents/documents.controller.js';
import { CreateUserDto, SetPasswordDto, UpdateUserDto, UserResponse } from './dto/user.dto.js';
import { Roles } from './roles.decorator.js';
import { type UserView, UsersService } from './users.service.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export const toUserResponse = (u: UserView): UserResponse => ({
  id: u.id,
  username: u.username,
  role: u.role,
  disabled: u.disabled,
  disabledAt: iso(u.disabledAt),
  createdAt: iso(u.createdAt)!,
  lastLoginAt: iso(u.lastLoginAt),
  passwordChangedAt: iso(u.passwordChangedAt)!,
  openSessions: u.openSessions,
  failedLogins: u.failedLogins,
  lockedUntil: iso(u.lockedUntil),
});

@ApiTags('users')
@Controller('users')
@Roles('admin')
@ApiBearerAuth()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Every account with its role, state, open sessions and login lock. */
  @Get()
  async list(): Promise<UserResponse[]> {
    return (await this.users.list()).map(toUserResponse);
  }

  /** Creates an account with its first password. */
  @Post()
  async create(@Body() body: CreateUserDto, @Res({ passthrough: true }) res: Response): Promise<UserResponse> {
    const user = await this.users.create(body.username, body.role, body.password);
    res.status(201).setHeader('Location', `/api/v1/users/${user.id}`);
    return toUserResponse(user);
  }

  /** Changes the role and/or disables (or enables) the account; a change ends all its sessions at once. */
  @Patch(':id')
  async update(@Param('id', uuidParam) id: string, @Body() body: UpdateUserDto): Promise<UserResponse> {
    return toUserResponse(await this.users.update(id, body));
  }

  /** Sets the user's password; all their sessions end. */
  @Post(':id/password')
  @HttpCode(204)
  async setPassword(@Param('id', uuidParam) id: string, @Body() body: SetPasswordDto): Promise<void> {
    await this.users.resetPassword(id, body.password);
  }

  /** Lifts the lock that repeated failed logins put on the account. */
  @Post(':id/unlock')
  @HttpCode(200)
  async unlock(@Param('id', uuidParam) id: string): Promise<UserResponse> {
    return toUserResponse(await this.users.unlock(id));
  }
}
