import { Injectable } from '@nestjs/common';
import type { LinkProfileQuery } from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { greatCircleM } from '../radio/propagation/terrain/hgt';
import { ItmPathError } from '../radio/propagation/itm';
import { linkProfile, LinkProfile, MAX_LINK_M } from './link-profile';
import { TerrainGrid } from './terrain-grid';
import { DataSource } from 'typeorm';
import { latLngToCell } from 'h3-js';
import { clutterClassCodes } from '../clutter/clutter.repository';
import { CLUTTER_CLASSES, CLUTTER_UNKNOWN, type ClutterClass } from '../radio/propagation/clutter';
import { COVERAGE_RESOLUTION, h3ToBigint } from '../radio/universe';

/** The link-profile endpoint's work: checks, the terrain under the link, then the pure computation (link-profile.ts). */
@Injectable()
export class LinkProfileService {
  constructor(
    private readonly terrain: TerrainGrid,
    private readonly db: DataSource,
  ) {}

  /** The clutter class of the grid cell under a point, or null. */
  private async clutterAt(lon: number, lat: number): Promise<ClutterClass | null> {
    const [code] = await clutterClassCodes(this.db, [h3ToBigint(latLngToCell(lat, lon, COVERAGE_RESOLUTION))]);
    return code === CLUTTER_UNKNOWN ? null : CLUTTER_CLASSES[code];
  }

  async profile(q: LinkProfileQuery): Promise<LinkProfile> {
    const { from, to } = q;
    const d = greatCircleM(from.lon, from.lat, to.lon, to.lat);
    if (d > MAX_LINK_M)
      throw ApiError.invalid([{ field: 'to', problem: `is ${(d / 1000).toFixed(1)} km from "from"; a link profile is at most ${MAX_LINK_M / 1000} km` }]);
    if (d < 1) throw ApiError.invalid([{ field: 'to', problem: 'is the same place as "from"' }]);
    const bbox = { west: Math.min(from.lon, to.lon), south: Math.min(from.lat, to.lat), east: Math.max(from.lon, to.lon), north: Math.max(from.lat, to.lat) };
    // a great circle bulges poleward of its ends' box: a margin of 1 % of the span (plus a little) covers it
    const pad = 0.01 * Math.max(bbox.east - bbox.west, bbox.north - bbox.south) + 0.002;
    const mosaic = await this.terrain.mosaic({ west: bbox.west - pad, south: bbox.south - pad, east: bbox.east + pad, north: bbox.north + pad });
    const noTerrain = 'has no terrain: import a DEM that covers it (GET /api/v1/terrain lists the tiles)';
    if (!mosaic.tileAt(from.lon, from.lat)) throw ApiError.of('terrain_missing', 'from', noTerrain);
    if (!mosaic.tileAt(to.lon, to.lat)) throw ApiError.of('terrain_missing', 'to', noTerrain);
    const terrain = mosaic.sourceFor(bbox);
    try {
      return linkProfile(terrain!, from, to, q.frequencyMHz, q.model, await this.clutterAt(to.lon, to.lat));
    } catch (e) {
      if (e instanceof ItmPathError) throw ApiError.invalid([{ field: 'model', problem: `${e.message}; another model can take this path` }]);
      if (e instanceof RangeError) throw ApiError.of('terrain_missing', 'to', `the path from "from" leaves the terrain on the way (${e.message})`);
      throw e;
    }
  }
}
