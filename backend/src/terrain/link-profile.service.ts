import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ApiError } from '../common/errors';
import { positionProblem } from '@cosite/contracts';
import { parseOrThrow } from '../common/zod';
import { oneOf } from '@cosite/contracts';
import { greatCircleM } from '../coverage/propagation/terrain/hgt';
import { ItmPathError } from '../coverage/propagation/itm';
import { ITM_FREQUENCY_MHZ, ITM_MIN_ANTENNA_M, LinkEnd, linkProfile, LinkProfile, MAX_LINK_M, PROFILE_MODELS } from './link-profile';
import { TerrainGrid } from './terrain-grid';
import { DataSource } from 'typeorm';
import { latLngToCell } from 'h3-js';
import { clutterClassCodes } from '../clutter/clutter.repository';
import { CLUTTER_CLASSES, CLUTTER_UNKNOWN, type ClutterClass } from '../coverage/propagation/clutter';
import { COVERAGE_RESOLUTION, h3ToBigint } from '../coverage/engine/universe';

/** Antenna heights the profile takes: ground level to a tall mast on a tall building. */
const MAX_ANTENNA_M = 500;

const linkEnd = z.string({ error: 'is required: lon,lat,heightM (WGS84 degrees, antenna metres above ground)' }).transform((s, ctx): LinkEnd => {
  const parts = s.split(',');
  const nums = parts.map((x) => (x.trim() === '' ? NaN : Number(x)));
  if (parts.length !== 3 || nums.some((n) => !Number.isFinite(n))) {
    ctx.addIssue({ code: 'custom', message: `must be three numbers lon,lat,heightM; got "${s}"` });
    return z.NEVER;
  }
  const problem = positionProblem([nums[0], nums[1]]);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem.replace('GeoJSON order is [longitude, latitude]', 'the order is lon,lat,heightM') });
    return z.NEVER;
  }
  if (nums[2] < 0 || nums[2] > MAX_ANTENNA_M) {
    ctx.addIssue({ code: 'custom', message: `antenna height ${nums[2]} m is outside 0..${MAX_ANTENNA_M} m above the ground` });
    return z.NEVER;
  }
  return { lon: nums[0], lat: nums[1], heightM: nums[2] };
});

export const profileQuery = z
  .object({
    from: linkEnd,
    to: linkEnd,
    frequencyMHz: z.coerce.number({ error: 'must be a number (MHz)' }).refine((n) => Number.isFinite(n), 'must be a number (MHz)'),
    model: oneOf(PROFILE_MODELS).default('3gpp-uma'),
  })
  // the range depends on the model: TR 38.901's for the 3GPP formulas, ITM's own for itm
  .superRefine((q, ctx) => {
    const f = q.frequencyMHz;
    if (q.model === 'itm') {
      if (f < ITM_FREQUENCY_MHZ.min || f > ITM_FREQUENCY_MHZ.max) ctx.addIssue({ code: 'custom', path: ['frequencyMHz'], message: `must be between ${ITM_FREQUENCY_MHZ.min} and ${ITM_FREQUENCY_MHZ.max} MHz for model=itm (ITM's range)` });
      for (const end of ['from', 'to'] as const) {
        const h = q[end].heightM;
        if (h < ITM_MIN_ANTENNA_M) ctx.addIssue({ code: 'custom', path: [end], message: `antenna height ${h} m is below ITM's ${ITM_MIN_ANTENNA_M} m for model=itm` });
      }
    } else if (f < 500 || f > 100_000) ctx.addIssue({ code: 'custom', path: ['frequencyMHz'], message: 'must be between 500 and 100000 MHz (TR 38.901)' });
  });

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

  async profile(query: unknown): Promise<LinkProfile> {
    const q = parseOrThrow(profileQuery, query);
    const { from, to } = q;
    const d = greatCircleM(from.lon, from.lat, to.lon, to.lat);
    if (d > MAX_LINK_M) throw ApiError.invalid([{ field: 'to', problem: `is ${(d / 1000).toFixed(1)} km from "from"; a link profile is at most ${MAX_LINK_M / 1000} km` }]);
    if (d < 1) throw ApiError.invalid([{ field: 'to', problem: 'is the same place as "from"' }]);
    const bbox = { west: Math.min(from.lon, to.lon), south: Math.min(from.lat, to.lat), east: Math.max(from.lon, to.lon), north: Math.max(from.lat, to.lat) };
    // a great circle bulges poleward of its ends' box: a margin of 1 % of the span (plus a little) covers it
    const pad = 0.01 * Math.max(bbox.east - bbox.west, bbox.north - bbox.south) + 0.002;
    const mosaic = await this.terrain.mosaic({ west: bbox.west - pad, south: bbox.south - pad, east: bbox.east + pad, north: bbox.north + pad });
    const noTerrain = 'has no terrain: import a DEM that covers it (GET /api/v1/terrain lists the tiles)';
    if (!mosaic.tileAt(from.lon, from.lat)) throw ApiError.invalid([{ field: 'from', problem: noTerrain }]);
    if (!mosaic.tileAt(to.lon, to.lat)) throw ApiError.invalid([{ field: 'to', problem: noTerrain }]);
    const terrain = mosaic.sourceFor(bbox);
    try {
      return linkProfile(terrain!, from, to, q.frequencyMHz, q.model, await this.clutterAt(to.lon, to.lat));
    } catch (e) {
      if (e instanceof ItmPathError) throw ApiError.invalid([{ field: 'model', problem: `${e.message}; another model can take this path` }]);
      if (e instanceof RangeError) throw ApiError.invalid([{ field: 'to', problem: `the path from "from" leaves the terrain on the way (${e.message})` }]);
      throw e;
    }
  }
}
