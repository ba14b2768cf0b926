import { Injectable } from '@nestjs/common';
import { ApiError } from '../common/errors';
import { encodeRgbaPng } from './png';
import { HILLSHADE_TILE_PX, HILLSHADE_ZOOMS, renderHillshade, tileBBox } from './hillshade';
import { TerrainGrid } from './terrain-grid';

const EMPTY_TILE = encodeRgbaPng(HILLSHADE_TILE_PX, HILLSHADE_TILE_PX, new Uint8Array(HILLSHADE_TILE_PX * HILLSHADE_TILE_PX * 4));

/** Hillshade tiles for the map: address checks, the terrain under the tile, the PNG. */
@Injectable()
export class HillshadeService {
  constructor(private readonly terrain: TerrainGrid) {}

  /** The tile's address from the URL, checked: z within the hillshade zooms, x and y inside the 2^z grid. */
  address(zText: string, xText: string, file: string): { z: number; x: number; y: number } {
    const m = /^(\d{1,7})\.png$/.exec(file);
    const z = /^\d{1,2}$/.test(zText) ? Number(zText) : NaN;
    if (!(z >= HILLSHADE_ZOOMS.min && z <= HILLSHADE_ZOOMS.max))
      throw ApiError.invalid([{ field: 'z', problem: `must be a zoom from ${HILLSHADE_ZOOMS.min} to ${HILLSHADE_ZOOMS.max} (the map overzooms beyond)` }]);
    const x = /^\d{1,7}$/.test(xText) ? Number(xText) : NaN;
    if (!(x >= 0 && x < 2 ** z)) throw ApiError.invalid([{ field: 'x', problem: `must be a tile column 0..${2 ** z - 1} at zoom ${z}` }]);
    const y = m ? Number(m[1]) : NaN;
    if (!(y >= 0 && y < 2 ** z)) throw ApiError.invalid([{ field: 'y', problem: `must be {y}.png with a tile row 0..${2 ** z - 1} at zoom ${z}` }]);
    return { z, x, y };
  }

  /** The terrain version the tiles show (their ETag): a client holding it needs no rendering. */
  version(): Promise<number> {
    return this.terrain.version();
  }

  /** The tile as PNG with the terrain version it shows; transparent where there is no terrain (a 204 would be an image error in MapLibre). */
  async render({ z, x, y }: { z: number; x: number; y: number }): Promise<{ png: Buffer; version: number }> {
    const mosaic = await this.terrain.mosaic(tileBBox(z, x, y));
    const rgba = renderHillshade(mosaic, z, x, y);
    return { png: rgba ? encodeRgbaPng(HILLSHADE_TILE_PX, HILLSHADE_TILE_PX, rgba) : EMPTY_TILE, version: mosaic.version };
  }
}
