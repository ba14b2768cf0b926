import { Controller, Get, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  applicationCreateInput,
  type ApplicationCreateInput,
  applicationDetail,
  applicationId,
  applicationList,
  applicationListQuery,
  type ApplicationListQuery,
  applicationRecord,
  applicationTransitionInput,
  type ApplicationTransitionInput,
  applicationUpdateInput,
  type ApplicationUpdateInput,
  notificationId,
  notificationList,
  notificationRead,
} from '@cosite/contracts';
import { clientOf } from '../audit/audit-trail';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { BodyOf, Fails, NoBody, ParamOf, QueryOf, Returns } from '../common/dto';
import { ApplicationsService } from './applications.service';

@ApiTags('applications')
@Controller()
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post('applications')
  @ApiOperation({ summary: 'File an application from a co-location analysis (share, upgrade or new build), the analysis kept as it was' })
  @Returns(applicationRecord, { status: 201 })
  @Fails('forbidden', 'not_found')
  create(@BodyOf(applicationCreateInput) body: ApplicationCreateInput, @Req() req: AuthenticatedRequest) {
    return this.applications.create(body, req.user!, clientOf(req));
  }

  @Get('applications')
  @ApiOperation({
    summary: "Applications this user may see (a planner: their organisation's; the regulator: all; the bureau: those it reviews), with the review clock",
  })
  @Returns(applicationList)
  list(@QueryOf(applicationListQuery) query: ApplicationListQuery, @Req() req: AuthenticatedRequest) {
    return this.applications.list(query, req.user!);
  }

  @Get('applications/:id')
  @ApiOperation({ summary: 'One application, with the analysis it was filed from (as it was then) and its review clock' })
  @Returns(applicationDetail)
  @Fails('not_found')
  get(@ParamOf('id', applicationId) id: string, @Req() req: AuthenticatedRequest) {
    return this.applications.get(id, req.user!);
  }

  @Patch('applications/:id')
  @ApiOperation({ summary: 'Edit the justification of a draft or returned application (optimistic locking: send the version read)' })
  @Returns(applicationRecord)
  @Fails('forbidden', 'not_found', 'application_not_editable', 'version_conflict')
  update(@ParamOf('id', applicationId) id: string, @BodyOf(applicationUpdateInput) body: ApplicationUpdateInput, @Req() req: AuthenticatedRequest) {
    return this.applications.update(id, body, req.user!, clientOf(req));
  }

  @Post('applications/:id/transitions')
  @ApiOperation({ summary: 'Move an application: submit, take up, approve, reject, return (with the version read; 409 if it moved meanwhile)' })
  @Returns(applicationRecord, { status: 201 })
  @Fails('justification_required', 'not_your_step', 'not_found', 'transition_not_allowed', 'version_conflict', 'structure_full')
  transition(@ParamOf('id', applicationId) id: string, @BodyOf(applicationTransitionInput) body: ApplicationTransitionInput, @Req() req: AuthenticatedRequest) {
    return this.applications.transition(id, body, req.user!, clientOf(req));
  }

  @Get('notifications')
  @ApiOperation({ summary: "This user's latest notifications (the 100 newest) and how many are unread" })
  @Returns(notificationList)
  notifications(@Req() req: AuthenticatedRequest) {
    return this.applications.notifications(req.user!);
  }

  @Post('notifications/:id/read')
  @ApiOperation({ summary: 'Mark one of this user’s notifications read' })
  @NoBody()
  @Returns(notificationRead, { status: 201 })
  @Fails('not_found')
  read(@ParamOf('id', notificationId) id: number, @Req() req: AuthenticatedRequest) {
    return this.applications.markRead(id, req.user!);
  }
}
