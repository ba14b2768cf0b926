import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { TILE_LAYER_IDS, tileColumn, tileFile, tileJson, tileJsonFile, tileZoom } from '@cosite/contracts';
import { Fails, jsonSchemaOf, Returns, ReturnsFile } from '../common/dto';
import { ApiError } from '../common/errors';
import { QueryParams } from '../common/request-edge';
import { parseTileAddress, tileLayer, TilesService } from './tiles.service';

// The path is checked as a whole (an unknown layer is a 404, z/x/y a 400 naming each), so the schemas only document it.
const documented = (name: string, schema: Parameters<typeof jsonSchemaOf>[0]) => ApiParam({ name, schema: jsonSchemaOf(schema, 'input') as never });

/** Mapbox Vector Tiles from PostGIS, outside /api/v1 so map clients see plain /tiles/{layer}/{z}/{x}/{y}.mvt. */
@ApiTags('tiles')
@Controller('tiles')
export class TilesController {
  constructor(private readonly tiles: TilesService) {}

  @Get(':file')
  @ApiOperation({ summary: 'TileJSON for a layer: /tiles/{layer}.json' })
  @documented('file', tileJsonFile)
  @Returns(tileJson)
  @Fails('not_found')
  async tileJson(@Param('file') file: string, @Req() req: Request) {
    const m = /^([a-z-]+)\.json$/.exec(file);
    if (!m) throw ApiError.notFound(`/tiles/${file}`);
    return this.tiles.tileJson(tileLayer(m[1]), `${req.protocol}://${req.get('host')}`);
  }

  @Get(':layer/:z/:x/:file')
  @ApiOperation({ summary: 'A vector tile: /tiles/{layer}/{z}/{x}/{y}.mvt (204 when empty, 304 on a matching ETag)' })
  @ApiParam({ name: 'layer', enum: TILE_LAYER_IDS })
  @documented('z', tileZoom)
  @documented('x', tileColumn)
  @documented('file', tileFile)
  @ReturnsFile('application/vnd.mapbox-vector-tile', 'the tile (X-Tile-Cache: hit or miss); 204 when it holds nothing, 304 when the ETag matches')
  @Fails('not_found')
  // the map's only parameter: a cache-buster after an edit (frontend zoning panel); it selects nothing
  @QueryParams(['v'])
  async tile(
    @Param('layer') layerId: string,
    @Param('z') z: string,
    @Param('x') x: string,
    @Param('file') file: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const layer = tileLayer(layerId);
    const m = /^(.*)\.mvt$/.exec(file);
    if (!m) throw ApiError.invalid([{ field: 'y', problem: 'the tile path ends in {y}.mvt' }]);
    const address = parseTileAddress({ z, x, y: m[1] });
    const etagVersion = /^(?:W\/)?"([a-z-]+)-(\d+)"$/.exec(req.get('if-none-match') ?? '');
    const clientVersion = etagVersion && etagVersion[1] === layer.id ? etagVersion[2] : null;
    const result = await this.tiles.tile(layer, address, clientVersion);
    res.setHeader('ETag', `"${layer.id}-${result.version}"`);
    // Short freshness, then revalidation: a write bumps the layer version and so the ETag. Private: a tile needs a
    // session, so no shared cache (a proxy, a CDN) may keep one for the next person.
    res.setHeader('Cache-Control', 'private, max-age=30, must-revalidate');
    res.setHeader('Vary', 'Accept-Encoding');
    if (result.kind === 'not-modified') {
      res.status(304).end();
      return;
    }
    if (!result.body.length) {
      res.status(204).end();
      return;
    }
    res.setHeader('X-Tile-Cache', result.cache);
    res.status(200).type('application/vnd.mapbox-vector-tile').send(result.body);
  }
}
