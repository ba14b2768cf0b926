import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  hillshadeColumn,
  hillshadeFile,
  hillshadeZoom,
  linkProfile,
  linkProfileQuery,
  terrainImport,
  terrainImportId,
  terrainImportQuery,
  terrainTiles,
  type LinkProfileQuery,
  type TerrainImportQuery,
} from '@cosite/contracts';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { Fails, jsonSchemaOf, ParamOf, QueryOf, Returns, ReturnsFile } from '../common/dto';
import { HillshadeService } from './hillshade.service';
import type { LinkProfile } from './link-profile';
import { LinkProfileService } from './link-profile.service';
import type { TerrainTileView } from './terrain.repository';
import { TerrainImportView, TerrainService } from './terrain.service';

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
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @Returns(terrainImport, { status: 202, description: 'the import, queued' })
  @Fails('payload_too_large')
  submit(@QueryOf(terrainImportQuery) query: TerrainImportQuery, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<TerrainImportView> {
    return this.terrain.submit(query, Buffer.isBuffer(body) ? body : undefined, req.user!);
  }

  @Get('terrain/imports/:id')
  @ApiOperation({ summary: 'Status, progress and report of a terrain import (tiles, voids filled, tiles replaced)' })
  @Returns(terrainImport)
  @Fails('not_found')
  get(@ParamOf('id', terrainImportId) id: string): Promise<TerrainImportView> {
    return this.terrain.get(id);
  }

  @Get('terrain')
  @ApiOperation({ summary: 'Every terrain tile: extent, resolution, source and priority (imported DEMs win over the modelled sample)' })
  @Returns(terrainTiles)
  list(): Promise<TerrainTileView[]> {
    return this.terrain.list();
  }

  @Get('terrain/hillshade/:z/:x/:file')
  @ApiOperation({
    summary: 'A hillshade map tile: /terrain/hillshade/{z}/{x}/{y}.png, zoom 8–15 (transparent where there is no terrain, 304 on a matching ETag)',
  })
  // the address is checked as a whole by the service (a 400 naming z, x or y), so the schemas only document it
  @ApiParam({ name: 'z', schema: jsonSchemaOf(hillshadeZoom, 'input') as never })
  @ApiParam({ name: 'x', schema: jsonSchemaOf(hillshadeColumn, 'input') as never })
  @ApiParam({ name: 'file', schema: jsonSchemaOf(hillshadeFile, 'input') as never })
  @ReturnsFile('image/png', 'the tile (transparent where there is no terrain); 304 when the ETag matches')
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
  @ApiOperation({
    summary:
      'Terrain profile of a link: samples with earth bulge, LOS line and F1, clearance, Deygout edges, path loss (TR 38.901 or ITM), clutter loss at the receiver and verdict',
  })
  @Returns(linkProfile)
  @Fails('terrain_missing')
  profile(@QueryOf(linkProfileQuery) query: LinkProfileQuery): Promise<LinkProfile> {
    return this.profiles.profile(query);
  }
}
