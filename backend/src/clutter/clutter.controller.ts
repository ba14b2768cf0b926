import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { QueryParams } from '../common/request-edge';
import type { UploadedPart } from './clutter-upload';
import type { ClutterCounts } from './clutter.repository';
import { ClutterImportView, ClutterService, clutterImportQuery } from './clutter.service';

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
  @ApiQuery({ name: 'fileName', required: false, description: 'the file name, when the file is sent as the raw body' })
  @ApiQuery({ name: 'crs', required: false, description: 'EPSG code for a GeoTIFF that does not declare one, e.g. EPSG:4326' })
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @QueryParams(clutterImportQuery)
  submit(@Query() query: Record<string, unknown>, @Body() body: unknown, @Req() req: AuthenticatedRequest & { file?: UploadedPart }): Promise<ClutterImportView> {
    const upload = req.file ? { bytes: req.file.buffer, fileName: req.file.originalname } : { bytes: body };
    return this.clutter.submit(query, upload, req.user!);
  }

  @Get('clutter/imports/:id')
  @ApiOperation({ summary: 'Status, progress and report of a clutter import (cells classed, by class, cells replaced, the coverage recompute it started)' })
  get(@Param('id') id: string): Promise<ClutterImportView> {
    return this.clutter.get(id);
  }

  @Get('clutter')
  @ApiOperation({ summary: 'Clutter cells of the city grid: counts per class and per source (derived sample or imported), and the clutter version' })
  counts(): Promise<ClutterCounts> {
    return this.clutter.counts();
  }
}
