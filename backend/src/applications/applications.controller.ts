import { Body, Controller, Get, Headers, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  applicationAssignmentInput,
  type ApplicationAssignmentInput,
  applicationSummary,
  applicationTimeline,
  attachmentId,
  attachmentItem,
  attachmentList,
  attachmentUploadQuery,
  type AttachmentUploadQuery,
  decisionLetterQuery,
  type DecisionLetterQuery,
  notificationsReadAll,
  reviewerList,
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
import { BodyOf, Fails, NoBody, ParamOf, QueryOf, Returns, ReturnsFile } from '../common/dto';
import { ApplicationsService } from './applications.service';
import { AttachmentsService, contentDisposition } from './attachments.service';

@ApiTags('applications')
@Controller()
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly attachments: AttachmentsService,
  ) {}

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
  @Fails('validation_failed')
  list(@QueryOf(applicationListQuery) query: ApplicationListQuery, @Req() req: AuthenticatedRequest) {
    return this.applications.list(query, req.user!);
  }

  // before applications/:id, which would take "reviewers" for an id
  @Get('applications/reviewers')
  @ApiOperation({ summary: 'The regulators an application can be assigned to (username and display name)' })
  @Returns(reviewerList)
  reviewers() {
    return this.applications.reviewers();
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
  @ApiOperation({
    summary:
      'Move an application: submit, take up, approve, reject or return (these two with a comment), withdraw (the applicant, before a decision); with the version read, 409 if it moved meanwhile',
  })
  @Returns(applicationRecord, { status: 201 })
  @Fails('justification_required', 'comment_required', 'not_your_step', 'not_found', 'transition_not_allowed', 'version_conflict', 'structure_full')
  transition(@ParamOf('id', applicationId) id: string, @BodyOf(applicationTransitionInput) body: ApplicationTransitionInput, @Req() req: AuthenticatedRequest) {
    return this.applications.transition(id, body, req.user!, clientOf(req));
  }

  @Post('applications/:id/assignment')
  @ApiOperation({ summary: 'Assign an application to a regulator for review, or release it (assignee null); regulators only, with the version read' })
  @Returns(applicationSummary, { status: 201 })
  @Fails('validation_failed', 'forbidden', 'not_found', 'version_conflict')
  assign(@ParamOf('id', applicationId) id: string, @BodyOf(applicationAssignmentInput) body: ApplicationAssignmentInput, @Req() req: AuthenticatedRequest) {
    return this.applications.assign(id, body, req.user!, clientOf(req));
  }

  @Get('applications/:id/timeline')
  @ApiOperation({ summary: 'What happened to an application, oldest first: filed, edited, moved (with comments), assigned, files attached' })
  @Returns(applicationTimeline)
  @Fails('not_found')
  timeline(@ParamOf('id', applicationId) id: string, @Req() req: AuthenticatedRequest) {
    return this.applications.timeline(id, req.user!);
  }

  @Post('applications/:id/attachments')
  @ApiOperation({
    summary:
      'Attach a file (PDF, PNG, JPEG; a DWG or DXF drawing as application/octet-stream) as the raw body, until the application is decided; its SHA-256 is kept',
  })
  @ApiConsumes('application/pdf', 'image/png', 'image/jpeg', 'application/octet-stream')
  @ApiBody({ description: 'the file itself', schema: { type: 'string', format: 'binary' } })
  @Returns(attachmentItem, { status: 201 })
  @Fails('validation_failed', 'forbidden', 'not_found', 'attachment_not_allowed', 'payload_too_large', 'unsupported_media_type')
  upload(
    @ParamOf('id', applicationId) id: string,
    @QueryOf(attachmentUploadQuery) query: AttachmentUploadQuery,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.attachments.upload(id, query, contentType, Buffer.isBuffer(body) ? body : undefined, req.user!, clientOf(req));
  }

  @Get('applications/:id/attachments')
  @ApiOperation({ summary: "An application's files (without their bytes), oldest first; the parties to it only" })
  @Returns(attachmentList)
  @Fails('forbidden', 'not_found')
  listAttachments(@ParamOf('id', applicationId) id: string, @Req() req: AuthenticatedRequest) {
    return this.attachments.list(id, req.user!);
  }

  @Get('applications/:id/attachments/:attachmentId')
  @ApiOperation({ summary: 'Download one file of an application, as it was uploaded; the parties to it only' })
  @ReturnsFile('application/octet-stream', 'the file, with its own Content-Type, as an attachment (Content-Disposition with filename*)')
  @Fails('forbidden', 'not_found')
  async download(
    @ParamOf('id', applicationId) id: string,
    @ParamOf('attachmentId', attachmentId) fileId: number,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const f = await this.attachments.download(id, fileId, req.user!);
    res
      .status(200)
      .set({
        'Content-Type': f.contentType,
        'Content-Length': String(f.content.length),
        'Content-Disposition': contentDisposition(f.filename),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
        'X-Checksum-SHA256': f.sha256,
      })
      .end(f.content);
  }

  @Get('applications/:id/decision-letter')
  @ApiOperation({ summary: 'The decision letter of an approved or rejected application, as a PDF (?lang=zh|en, Chinese by default)' })
  @ReturnsFile('application/pdf', 'the letter, with its number, the decision, the conditions with their articles and the regulator’s comment')
  @Fails('validation_failed', 'not_found', 'application_not_decided')
  async decisionLetter(
    @ParamOf('id', applicationId) id: string,
    @QueryOf(decisionLetterQuery) query: DecisionLetterQuery,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const { pdf, filename } = await this.applications.decisionLetter(id, query.lang ?? 'zh', req.user!);
    res
      .status(200)
      .set({ 'Content-Type': 'application/pdf', 'Content-Disposition': contentDisposition(filename), 'X-Content-Type-Options': 'nosniff' })
      .end(pdf);
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

  @Post('notifications/read-all')
  @ApiOperation({ summary: "Mark all of this user's notifications read" })
  @NoBody()
  @Returns(notificationsReadAll, { status: 201 })
  readAll(@Req() req: AuthenticatedRequest) {
    return this.applications.markAllRead(req.user!);
  }
}
