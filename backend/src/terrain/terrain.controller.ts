import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { QueryParams } from '../common/request-edge';
import { TERRAIN_FORMATS } from './dem-files';
import { HillshadeService } from './hillshade.service';
import { LinkProfile, PROFILE_MODELS } from './link-profile';
import { LinkProfileService, profileQuery } from './link-profile.service';
import type { TerrainTileView } from './terrain.repository';
import { TerrainImportView, TerrainService, terrainImportQuery } from './terrain.service';

@ApiTags('terrain')
@Controller()
export class TerrainController {
  constructor(
    private readonly terrain: TerrainService,
    private readonly profiles: LinkProfileService,
    private readonly hillshade: HillshadeService,
  ) {}

  @Post('terrain/imports')
  @HttpCode(202)
  @ApiOperation({ summary: 'Upload a DEM (SRTM .hgt, a zip of them, or a GeoTIFF in any EPSG CRS); the worker imports it' })
  @ApiConsumes('application/octet-stream', 'application/zip', 'image/tiff')
  @ApiQuery({ name: 'fileName', description: 'the file name; an SRTM tile is named by its south-west corner, e.g. N29E106.hgt' })
  @ApiQuery({ name: 'format', enum: TERRAIN_FORMATS, required: false, description: 'default from the file name' })
  @ApiQuery({ name: 'crs', required: false, description: 'EPSG code for a GeoTIFF that does not declare one, e.g. EPSG:32648' })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @QueryParams(terrainImportQuery)
  submit(@Query() query: Record<string, unknown>, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<TerrainImportView> {
    return this.terrain.submit(query, body, req.user!);
  }

  @Get('terrain/imports/:id')
  @ApiOperation({ summary: 'Status, progress and report of a terrain import (tiles, voids filled, tiles replaced)' })
  get(@Param('id') id: string): Promise<TerrainImportView> {
    return this.terrain.get(id);
  }

  @Get('terrain')
  @ApiOperation({ summary: 'Every terrain tile: extent, resolution, source and priority (imported DEMs win over the modelled sample)' })
  list(): Promise<TerrainTileView[]> {
    return this.terrain.list();
  }

  @Get('terrain/hillshade/:z/:x/:file')
  @ApiOperation({ summary: 'A hillshade map tile: /terrain/hillshade/{z}/{x}/{y}.png, zoom 8–15 (transparent where there is no terrain, 304 on a matching ETag)' })
  async hillshadeTile(@Param('z') z: string, @Param('x') x: string, @Param('file') file: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const address = this.hillshade.address(z, x, file);
    // a session is needed, so private; an import bumps the version and so the ETag
    res.setHeader('Cache-Control', 'private, max-age=60, must-revalidate');
    // a client holding the current version gets 304 before anything is rendered
    const current = `"terrain-${await this.hillshade.version()}"`;
    if (req.headers['if-none-match'] === current) {
      res.setHeader('ETag', current);
      res.status(304).end();
      return;
    }
    const { png, version } = await this.hillshade.render(address);
    res.setHeader('ETag', `"terrain-${version}"`);
    res.type('image/png').send(png);
  }

  @Get('coverage/profile')
  @ApiOperation({ summary: 'Terrain profile of a link: samples with earth bulge, LOS line and F1, clearance, Deygout edges, path loss (TR 38.901 or ITM), clutter loss at the receiver and verdict' })
  @ApiQuery({ name: 'from', description: 'lon,lat,heightM of the transmitter (antenna height above ground)' })
  @ApiQuery({ name: 'to', description: 'lon,lat,heightM of the receiver' })
  @ApiQuery({ name: 'frequencyMHz' })
  @ApiQuery({ name: 'model', required: false, enum: [...PROFILE_MODELS] })
  @QueryParams(profileQuery)
  profile(@Query() query: Record<string, unknown>): Promise<LinkProfile> {
    return this.profiles.profile(query);
  }
}
