import { Body, Controller, Get, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ApplicationsService } from './applications.service';

const client = (req: AuthenticatedRequest) => ({ ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null });

@ApiTags('applications')
@Controller()
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post('applications')
  @ApiOperation({ summary: 'File an application from a co-location analysis (share, upgrade or new build), the analysis kept as it was' })
  create(@Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.applications.create(body, req.user!, client(req));
  }

  @Get('applications')
  @ApiOperation({ summary: "Applications this user may see (a planner: their organisation's; the regulator: all; the bureau: those it reviews), with the review clock" })
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
    return this.applications.update(id, body, req.user!, client(req));
  }

  @Post('applications/:id/transitions')
  @ApiOperation({ summary: 'Move an application: submit, take up, approve, reject, return (with the version read; 409 if it moved meanwhile)' })
  transition(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.applications.transition(id, body, req.user!, client(req));
  }

  @Get('audit-events')
  @ApiOperation({ summary: 'The audit log (read only): ?entityId, ?from, ?format=csv' })
  async audit(@Query() query: Record<string, string>, @Res() res: Response) {
    const { format, ...rest } = query;
    const rows = await this.applications.auditLog(rest);
    if (format !== 'csv') return res.json({ events: rows });
    const cell = (v: unknown) => {
      const s = v === null || v === undefined ? '' : typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v instanceof Date ? v.toISOString() : String(v);
      return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const cols = ['id', 'at', 'actor', 'organisationId', 'ip', 'entity', 'entityId', 'action', 'before', 'after', 'comment'];
    res.type('text/csv').setHeader('Content-Disposition', 'attachment; filename="audit-events.csv"');
    res.send([cols.join(','), ...rows.map((r: Record<string, unknown>) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n');
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
