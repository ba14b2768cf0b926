import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { toCsv } from '../common/csv';
import { parseOrThrow } from '../common/zod';
import { QueryParams } from '../common/request-edge';

const querySchema = z
  .object({ entityId: z.string().max(100).optional(), from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(), format: z.enum(['json', 'csv']).optional() })
  .strict();
const COLUMNS = ['id', 'at', 'actor', 'organisationId', 'ip', 'entity', 'entityId', 'action', 'before', 'after', 'comment'] as const;

/** The audit log, read only (regulators and admins): there is no endpoint that changes it. */
@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'The audit log (read only): ?entityId, ?from, ?format=csv' })
  @QueryParams(querySchema)
  async list(@Query() query: Record<string, string>, @Res() res: Response) {
    const q = parseOrThrow(querySchema, query ?? {});
    const rows = await this.db.query(
      `SELECT id::int, at, actor_username AS "actor", organisation_id AS "organisationId", ip, entity, entity_id AS "entityId", action, before, after, comment
         FROM audit_event WHERE ($1::text IS NULL OR entity_id = $1) AND ($2::timestamptz IS NULL OR at >= $2) ORDER BY at, id LIMIT 10000`,
      [q.entityId ?? null, q.from ?? null],
    );
    if (q.format !== 'csv') return res.json({ events: rows });
    res.type('text/csv').setHeader('Content-Disposition', 'attachment; filename="audit-events.csv"').send(toCsv(COLUMNS, rows));
  }
}
