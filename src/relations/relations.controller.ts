import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '../auth/current-user.js';
import { Roles } from '../auth/roles.decorator.js';
import { uuidParam } from '../documents/documents.controller.js';
import { CreateInterpretationDto, CreateRelationDto } from './dto/relation.dto.js';
import { toRelationsResponse } from './dto/relation.response.js';
import { RelationsService } from './relations.service.js';

@ApiTags('relations')
@Controller('documents/:id')
export class RelationsController {
  constructor(private readonly relations: RelationsService) {}

  /** Records a relation (amends, replaces, based_on, …); one to a library document is recorded from both ends. */
  @Post('relations')
  @HttpCode(201)
  @Roles('editor', 'legal')
  @ApiBearerAuth()
  async link(
    @Param('id', uuidParam) id: string,
    @Body() body: CreateRelationDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return toRelationsResponse(await this.relations.link(id, body, user));
  }

  /** Records a 政策解读 (文字, 图解, 视频 or 问答) of the document. */
  @Post('interpretations')
  @HttpCode(201)
  @Roles('editor', 'legal')
  @ApiBearerAuth()
  async interpret(
    @Param('id', uuidParam) id: string,
    @Body() body: CreateInterpretationDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return toRelationsResponse(await this.relations.interpret(id, body, { id: user.id, username: user.username }));
  }
}
