import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import type { Assignee, User } from '@collection-desk/contracts';

import type { Principal } from '../auth/principal.js';
import { UserResponse } from '../auth/dto/session.response.js';
import { CurrentPrincipal } from '../common/decorators/current-principal.decorator.js';
import { AnyRole, Roles } from '../common/decorators/roles.decorator.js';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { AssigneeResponse } from './dto/assignee.response.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiForbiddenResponse({ description: 'Only admins manage users.' })
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ operationId: 'listUsers', summary: 'List every user, oldest first' })
  @ApiOkResponse({ type: [UserResponse] })
  list(): Promise<User[]> {
    return this.users.list();
  }

  @Get('assignable')
  @AnyRole()
  @ApiOperation({
    operationId: 'listAssignees',
    summary: 'Who customers can be assigned to',
    description:
      'Active admins and agents, by name. Open to every signed-in role, for pickers and filters.',
  })
  @ApiOkResponse({ type: [AssigneeResponse] })
  assignable(): Promise<Assignee[]> {
    return this.users.assignable();
  }

  @Post()
  @ApiOperation({
    operationId: 'createUser',
    summary: 'Create a user with a role (works whatever REGISTRATION says)',
  })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiConflictResponse({ description: 'The email is already registered.' })
  create(@Body() body: CreateUserDto, @CurrentPrincipal() principal: Principal): Promise<User> {
    return this.users.create(body, principal.user.id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateUser',
    summary: "Change a user's role or deactivate them",
    description:
      'Deactivation ends their sessions and closes their sockets at once. At least one active admin always remains.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'No such user.' })
  @ApiConflictResponse({ description: 'The change would leave no active admin.' })
  update(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: UpdateUserDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<User> {
    return this.users.update(id, body, principal.user.id);
  }
}
