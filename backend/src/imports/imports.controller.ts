import { Body, Controller, Delete, Get, Headers, HttpCode, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  importBatchView,
  importDryRun,
  importId,
  importInspection,
  importInspectQuery,
  importSubmitQuery,
  mappingProfile,
  mappingProfileId,
  mappingProfileInput,
  mappingProfileList,
  mappingProfileQuery,
  type ImportBatchView,
  type ImportDryRun,
  type ImportInspection,
  type MappingProfileInput,
} from '@cosite/contracts';
import { z } from 'zod';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { BodyOf, Fails, ParamOf, QueryOf, Returns } from '../common/dto';
import { ImportsService, type Upload } from './imports.service';
import { MappingProfilesService } from './mapping-profiles.service';

const UPLOAD_TYPES = [
  'application/geo+json',
  'application/json',
  'text/csv',
  'application/vnd.google-earth.kml+xml',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly profiles: MappingProfilesService,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Upload a GeoJSON, CSV, xlsx, KML or zipped Shapefile for one layer, through a column mapping (profile or mapping) when its columns are not Cosite’s; it is loaded in bulk by the worker. With dryRun=true nothing is written: 200 with the first 50 mapped rows and every row’s errors',
  })
  @ApiConsumes(...UPLOAD_TYPES)
  @ApiBody({ description: 'the file itself (a workbook or zipped Shapefile as binary)', schema: { type: 'string' } })
  @Returns(importBatchView, { status: 202, description: 'the batch, queued' })
  @Returns(importDryRun, { status: 200, description: 'a dry run: what the import would load' })
  @Fails('validation_failed', 'payload_too_large')
  async submit(
    @QueryOf(importSubmitQuery) query: z.output<typeof importSubmitQuery>,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportBatchView | ImportDryRun> {
    const out = await this.imports.submit(query, contentType, uploadOf(body), req.user!);
    if ('dryRun' in out) res.status(200);
    return out;
  }

  @Post('inspect')
  @HttpCode(200)
  @ApiOperation({ summary: 'What a file holds before mapping: its sheets (xlsx, with the header row found), columns with sample values, rows' })
  @ApiConsumes(...UPLOAD_TYPES)
  @ApiBody({ description: 'the file itself', schema: { type: 'string' } })
  @Returns(importInspection)
  @Fails('validation_failed', 'payload_too_large')
  inspect(
    @QueryOf(importInspectQuery) q: z.output<typeof importInspectQuery>,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<ImportInspection> {
    return this.imports.inspect(q.format, q.sheet, contentType, uploadOf(body));
  }

  @Get('profiles')
  @ApiOperation({ summary: 'The mapping presets Cosite ships and the profiles your organisation saved (?layer)' })
  @Returns(mappingProfileList)
  @Fails('validation_failed')
  listProfiles(@QueryOf(mappingProfileQuery) q: z.output<typeof mappingProfileQuery>, @Req() req: AuthenticatedRequest) {
    return this.profiles.list(req.user!, q.layer ?? null);
  }

  @Post('profiles')
  @ApiOperation({ summary: 'Save a mapping profile for your organisation (name unique within it)' })
  @Returns(mappingProfile, { status: 201 })
  @Fails('validation_failed', 'conflict')
  createProfile(@BodyOf(mappingProfileInput) body: MappingProfileInput, @Req() req: AuthenticatedRequest) {
    return this.profiles.create(req.user!, body);
  }

  @Put('profiles/:id')
  @ApiOperation({ summary: 'Replace one of your organisation’s mapping profiles' })
  @Returns(mappingProfile)
  @Fails('validation_failed', 'not_found', 'conflict')
  updateProfile(@ParamOf('id', mappingProfileId) id: string, @BodyOf(mappingProfileInput) body: MappingProfileInput, @Req() req: AuthenticatedRequest) {
    return this.profiles.update(req.user!, id, body);
  }

  @Delete('profiles/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one of your organisation’s mapping profiles' })
  @Returns(null)
  @Fails('not_found')
  deleteProfile(@ParamOf('id', mappingProfileId) id: string, @Req() req: AuthenticatedRequest): Promise<void> {
    return this.profiles.remove(req.user!, id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status of an import: rows loaded, rows rejected by line with the reason' })
  @Returns(importBatchView)
  @Fails('not_found')
  get(@ParamOf('id', importId) id: string): Promise<ImportBatchView> {
    return this.imports.get(id);
  }
}

/** The raw body as the upload parsers leave it (bytes for a zip or workbook, text otherwise); anything else is no file. */
const uploadOf = (body: unknown): Upload => (Buffer.isBuffer(body) || typeof body === 'string' ? body : null);
