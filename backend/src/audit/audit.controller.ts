import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AUDIT_CSV_COLUMNS, auditEvents, auditQuery, type AuditQuery } from '@cosite/contracts';
import { toCsv } from '../common/csv';
import { jsonSchemaOf, QueryOf } from '../common/dto';
import { AuditRepository } from './audit.repository';

/** The audit log, read only (regulators and admins): there is no endpoint that changes it. */
@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly events: AuditRepository) {}

  @Get()
  @ApiOperation({ summary: 'The audit log (read only; regulators and administrators): ?entity, ?entityId, ?from, ?to, ?format=csv' })
  @ApiResponse({
    status: 200,
    description: 'the events, oldest first (at most 10,000): JSON, or CSV with ?format=csv',
    content: { 'application/json': { schema: jsonSchemaOf(auditEvents, 'output') }, 'text/csv': { schema: { type: 'string' } } } as never,
  })
  async list(@QueryOf(auditQuery) q: AuditQuery, @Res() res: Response): Promise<void> {
    const rows = await this.events.list(q);
    if (q.format !== 'csv') {
      res.json({ events: rows });
      return;
    }
    res.type('text/csv').setHeader('Content-Disposition', 'attachment; filename="audit-events.csv"').send(toCsv(AUDIT_CSV_COLUMNS, rows));
  }
}
