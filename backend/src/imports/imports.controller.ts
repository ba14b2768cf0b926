import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { CRS_CODES, IMPORT_LAYERS } from '@cosite/contracts';
import { QueryParams } from '../common/request-edge';
import { ImportBatchView, ImportsService, importParams } from './imports.service';

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Upload a GeoJSON or CSV file for one layer; it is loaded in bulk by the worker' })
  @ApiConsumes('application/geo+json', 'application/json', 'text/csv')
  @ApiQuery({ name: 'layer', enum: IMPORT_LAYERS })
  @ApiQuery({ name: 'crs', enum: CRS_CODES, required: false, description: 'coordinate system of the file; converted to WGS84 on the way in' })
  @ApiQuery({ name: 'format', enum: ['geojson', 'csv', 'kml', 'shapefile'], required: false, description: 'default from Content-Type (application/zip: a zipped Shapefile with its .prj; KML: application/vnd.google-earth.kml+xml)' })
  @ApiQuery({ name: 'repair', enum: ['true', 'false'], required: false, description: 'repair invalid polygons with ST_MakeValid instead of rejecting them' })
  @ApiBody({ schema: { type: 'string' } })
  @QueryParams(importParams)
  submit(@Query() query: Record<string, unknown>, @Headers('content-type') contentType: string | undefined, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<ImportBatchView> {
    return this.imports.submit(query, contentType, body, req.user!);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status of an import: rows loaded, rows rejected by line with the reason' })
  get(@Param('id') id: string): Promise<ImportBatchView> {
    return this.imports.get(id);
  }
}
