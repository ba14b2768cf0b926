import { Body, Controller, Get, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { importBatchView, importId, importSubmitQuery, type ImportBatchView, type ImportSubmitQuery } from '@cosite/contracts';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { Fails, ParamOf, QueryOf, Returns } from '../common/dto';
import { ImportsService, type Upload } from './imports.service';

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Upload a GeoJSON, CSV, KML or zipped Shapefile for one layer; it is loaded in bulk by the worker' })
  @ApiConsumes('application/geo+json', 'application/json', 'text/csv', 'application/vnd.google-earth.kml+xml', 'application/zip')
  @ApiBody({ description: 'the file itself (a zipped Shapefile as binary)', schema: { type: 'string' } })
  @Returns(importBatchView, { status: 202, description: 'the batch, queued' })
  @Fails('validation_failed', 'payload_too_large')
  submit(
    @QueryOf(importSubmitQuery) query: ImportSubmitQuery,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Req() req: AuthenticatedRequest,
  ): Promise<ImportBatchView> {
    return this.imports.submit(query, contentType, uploadOf(body), req.user!);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status of an import: rows loaded, rows rejected by line with the reason' })
  @Returns(importBatchView)
  @Fails('not_found')
  get(@ParamOf('id', importId) id: string): Promise<ImportBatchView> {
    return this.imports.get(id);
  }
}

/** The raw body as the upload parsers leave it (bytes for a zip, text otherwise); anything else is no file. */
const uploadOf = (body: unknown): Upload => (Buffer.isBuffer(body) || typeof body === 'string' ? body : null);
