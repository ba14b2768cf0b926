import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from './auth.guard';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list() {
    return this.users.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a user of an organisation (the role follows its kind); administrators only' })
  create(@Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.users.create(body, req.user!);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Disable, rename, reset the password of or unlock a user; administrators only' })
  update(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.users.update(id, body, req.user!);
  }
}
