import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { clientOf } from '../audit/audit-trail';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { QueryParams } from '../common/request-edge';
import { ApplicationsService, listSchema } from './applications.service';


@ApiTags('applications')
@Controller()
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post('applications')
  @ApiOperation({ summary: 'File an application from a co-location analysis (share, upgrade or new build), the analysis kept as it was' })
  create(@Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.applications.create(body, req.user!, clientOf(req));
  }

  @Get('applications')
  @ApiOperation({ summary: "Applications this user may see (a planner: their organisation's; the regulator: all; the bureau: those it reviews), with the review clock" })
  @QueryParams(listSchema)
  list(@Query() query: unknown, @Req() req: AuthenticatedRequest) {
    return this.applications.list(query, req.user!);
  }

  @Get('applications/:id')
  get(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    return this.applications.get(id, req.user!);
  }

  @Patch('applications/:id')
  @ApiOperation({ summary: 'Edit the justification of a draft or returned application (optimistic locking: send the version read)' })
  update(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.applications.update(id, body, req.user!, clientOf(req));
  }

  @Post('applications/:id/transitions')
  @ApiOperation({ summary: 'Move an application: submit, take up, approve, reject, return (with the version read; 409 if it moved meanwhile)' })
  transition(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.applications.transition(id, body, req.user!, clientOf(req));
  }

  @Get('notifications')
  notifications(@Req() req: AuthenticatedRequest) {
    return this.applications.notifications(req.user!);
  }

  @Post('notifications/:id/read')
  read(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    return this.applications.markRead(id, req.user!);
  }
}
