import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { clutterCounts, clutterImport, clutterImportId, clutterImportQuery, type ClutterImportQuery } from '@cosite/contracts';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { Fails, ParamOf, QueryOf, Returns } from '../common/dto';
import type { UploadedPart } from './clutter-upload';
import type { ClutterCounts } from './clutter.repository';
import { ClutterImportView, ClutterService } from './clutter.service';

@ApiTags('clutter')
@Controller()
export class ClutterController {
  constructor(private readonly clutter: ClutterService) {}

  @Post('clutter/imports')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Upload a classified land-cover GeoTIFF (ESA WorldCover codes, one integer band, any EPSG CRS); the worker classes the city grid cells it covers (majority of the pixels in each H3 res-10 cell) and starts a coverage recompute',
  })
  @ApiConsumes('multipart/form-data', 'image/tiff', 'application/octet-stream')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @Returns(clutterImport, { status: 202, description: 'the import, queued' })
  @Fails('outside_city_grid', 'payload_too_large')
  submit(
    @QueryOf(clutterImportQuery) query: ClutterImportQuery,
    @Body() body: unknown,
    @Req() req: AuthenticatedRequest & { file?: UploadedPart },
  ): Promise<ClutterImportView> {
    const upload = req.file ? { bytes: req.file.buffer, fileName: req.file.originalname } : { bytes: Buffer.isBuffer(body) ? body : undefined };
    return this.clutter.submit(query, upload, req.user!);
  }

  @Get('clutter/imports/:id')
  @ApiOperation({ summary: 'Status, progress and report of a clutter import (cells classed, by class, cells replaced, the coverage recompute it started)' })
  @Returns(clutterImport)
  @Fails('not_found')
  get(@ParamOf('id', clutterImportId) id: string): Promise<ClutterImportView> {
    return this.clutter.get(id);
  }

  @Get('clutter')
  @ApiOperation({ summary: 'Clutter cells of the city grid: counts per class and per source (derived sample or imported), and the clutter version' })
  @Returns(clutterCounts)
  counts(): Promise<ClutterCounts> {
    return this.clutter.counts();
  }
}
