import { Controller, Get, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  managedUser,
  type ManagedUser,
  userCreateInput,
  type UserCreateInput,
  userId,
  userList,
  type UserList,
  userUpdateInput,
  type UserUpdateInput,
} from '@cosite/contracts';
import { BodyOf, Fails, ParamOf, Returns } from '../common/dto';
import type { AuthenticatedRequest } from './auth.guard';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Every user with its role, organisation and lock-out state; administrators only' })
  @Returns(userList)
  list(): Promise<UserList> {
    return this.users.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a user of an organisation (the role follows its kind); administrators only' })
  @Returns(managedUser, { status: 201 })
  @Fails('username_taken')
  create(@BodyOf(userCreateInput) input: UserCreateInput, @Req() req: AuthenticatedRequest): Promise<ManagedUser> {
    return this.users.create(input, req.user!);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Disable, rename, reset the password of or unlock a user; administrators only' })
  @Returns(managedUser)
  @Fails('not_found')
  update(@ParamOf('id', userId) id: number, @BodyOf(userUpdateInput) input: UserUpdateInput, @Req() req: AuthenticatedRequest): Promise<ManagedUser> {
    return this.users.update(id, input, req.user!);
  }
}
