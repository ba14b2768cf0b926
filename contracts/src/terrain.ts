import { z } from 'zod';
import { positionProblem } from './geojson';
import { CLUTTER_CLASSES, RASTER_IMPORT_STATUSES } from './clutter';
import { PATH_LOSS_MODELS, rangeViolation } from './coverage';
import { oneOf, timestamp } from './zod';

/**
 * The terrain API: DEM imports (/api/v1/terrain/imports), the tile list (/api/v1/terrain), hillshade map tiles
 * and the link profile (/api/v1/coverage/profile). Messages are what a client reads in a 400.
 */

export const TERRAIN_FORMATS = ['hgt', 'zip', 'geotiff'] as const;
export type TerrainFormat = (typeof TERRAIN_FORMATS)[number];

/** An EPSG code as a query gives it ("EPSG:32648" or "32648"), as its number. */
const epsg = (example: string) =>
  z
    .string()
    .regex(/^(EPSG:)?\d{4,5}$/i, `must be an EPSG code, e.g. ${example}`)
    .transform((s) => Number(s.replace(/^EPSG:/i, '')));

export const terrainImportQuery = z.object({
  fileName: z
    .string({ error: 'is required: the file name (N29E106.hgt names an SRTM tile; .zip, .tif)' })
    .min(1, 'must not be empty')
    .max(255, 'is longer than 255 characters')
    .meta({ description: 'the file name; an SRTM tile is named by its south-west corner, e.g. N29E106.hgt' }),
  format: oneOf(TERRAIN_FORMATS).optional().meta({ description: 'default from the file name' }),
  // a GeoTIFF whose keys name no EPSG code (or the wrong one)
  crs: epsg('EPSG:32648').optional().meta({ description: 'EPSG code for a GeoTIFF that does not declare one, e.g. EPSG:32648' }),
});
export type TerrainImportQuery = z.infer<typeof terrainImportQuery>;

export const terrainImportId = z.uuid({ error: 'must be a terrain import id (UUID)' });

export const terrainImportReport = z.object({
  crs: z.number().int().optional(),
  source: z.literal('imported'),
  tiles: z.array(
    z.object({
      name: z.string(),
      west: z.number(),
      south: z.number(),
      east: z.number(),
      north: z.number(),
      cols: z.number().int(),
      rows: z.number().int(),
      arcSeconds: z.number(),
      voidsFilled: z.number().int(),
    }),
  ),
  voidsFilled: z.number().int(),
  replaced: z.number().int().meta({ description: 'earlier imports of the same tiles, replaced' }),
});
export type TerrainImportReport = z.infer<typeof terrainImportReport>;

export const terrainImport = z.object({
  id: z.string(),
  fileName: z.string(),
  format: z.enum(TERRAIN_FORMATS),
  status: z.enum(RASTER_IMPORT_STATUSES),
  progress: z.number(),
  report: z
    .union([terrainImportReport, z.object({ crs: z.number().int().optional() })])
    .nullable()
    .meta({ description: 'the report once completed; before, the CRS asked for, if any' }),
  error: z.string().nullable(),
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
});
export type TerrainImport = z.infer<typeof terrainImport>;

export const terrainTile = z.object({
  id: z.number().int(),
  name: z.string(),
  source: z.string().meta({ description: "'imported' or 'modelled sample'" }),
  priority: z.number().int(),
  west: z.number(),
  south: z.number(),
  east: z.number(),
  north: z.number(),
  cols: z.number().int(),
  rows: z.number().int(),
  stepDeg: z.number(),
  arcSeconds: z.number(),
  minM: z.number(),
  maxM: z.number(),
  voidsFilled: z.number().int(),
  importId: z.string().nullable(),
  importedAt: timestamp,
});
export type TerrainTile = z.infer<typeof terrainTile>;
export const terrainTiles = z.array(terrainTile);

// ---------- hillshade tiles ----------

/** The address of a hillshade tile as the path gives it; checked by the service (zoom range, x and y inside 2^z). */
export const hillshadeZoom = z
  .string()
  .regex(/^\d{1,2}$/)
  .meta({ description: 'zoom, 8 to 15 (the map overzooms beyond)' });
export const hillshadeColumn = z
  .string()
  .regex(/^\d{1,7}$/)
  .meta({ description: 'tile column, 0 to 2^z − 1' });
export const hillshadeFile = z
  .string()
  .regex(/^\d{1,7}\.png$/)
  .meta({ description: '{y}.png, y the tile row 0 to 2^z − 1' });

// ---------- the link profile ----------

export const PROFILE_MODELS = ['3gpp-uma', '3gpp-umi', '3gpp-rma', 'itm'] as const;
export type ProfileModel = (typeof PROFILE_MODELS)[number];
/** ITM's frequency range, MHz (NTIA ITM: 20 MHz–20 GHz). */
export const ITM_FREQUENCY_MHZ = { min: 20, max: 20_000 } as const;
/** ITM's lowest antenna height above the ground, metres. */
export const ITM_MIN_ANTENNA_M = 0.5;
/** The longest link the profile API takes: beyond it the 3GPP formulas and a single profile mean little. */
export const MAX_LINK_M = 100_000;
/** Antenna heights the profile takes: ground level to a tall mast on a tall building. */
export const MAX_LINK_ANTENNA_M = 500;

export interface LinkEnd {
  lon: number;
  lat: number;
  /** Antenna height above the ground, metres. */
  heightM: number;
}

const linkEnd = (description: string) =>
  z
    .string({ error: 'is required: lon,lat,heightM (WGS84 degrees, antenna metres above ground)' })
    .transform((s, ctx): LinkEnd => {
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
      if (nums[2] < 0 || nums[2] > MAX_LINK_ANTENNA_M) {
        ctx.addIssue({ code: 'custom', message: `antenna height ${nums[2]} m is outside 0..${MAX_LINK_ANTENNA_M} m above the ground` });
        return z.NEVER;
      }
      return { lon: nums[0], lat: nums[1], heightM: nums[2] };
    })
    .meta({ description });

export const linkProfileQuery = z
  .object({
    from: linkEnd('lon,lat,heightM of the transmitter (antenna height above ground)'),
    to: linkEnd('lon,lat,heightM of the receiver'),
    frequencyMHz: z.coerce.number({ error: 'must be a number (MHz)' }).refine((n) => Number.isFinite(n), 'must be a number (MHz)'),
    model: oneOf(PROFILE_MODELS).default('3gpp-uma'),
  })
  // the range depends on the model: TR 38.901's for the 3GPP formulas, ITM's own for itm
  .superRefine((q, ctx) => {
    const f = q.frequencyMHz;
    if (q.model === 'itm') {
      if (f < ITM_FREQUENCY_MHZ.min || f > ITM_FREQUENCY_MHZ.max)
        ctx.addIssue({
          code: 'custom',
          path: ['frequencyMHz'],
          message: `must be between ${ITM_FREQUENCY_MHZ.min} and ${ITM_FREQUENCY_MHZ.max} MHz for model=itm (ITM's range)`,
        });
      for (const end of ['from', 'to'] as const) {
        const h = q[end].heightM;
        if (h < ITM_MIN_ANTENNA_M)
          ctx.addIssue({ code: 'custom', path: [end], message: `antenna height ${h} m is below ITM's ${ITM_MIN_ANTENNA_M} m for model=itm` });
      }
    } else if (f < 500 || f > 100_000) ctx.addIssue({ code: 'custom', path: ['frequencyMHz'], message: 'must be between 500 and 100000 MHz (TR 38.901)' });
  });
export type LinkProfileQuery = z.infer<typeof linkProfileQuery>;

export const LINK_VERDICTS = ['clear', 'fresnel-obstructed', 'obstructed'] as const;
export type Verdict = (typeof LINK_VERDICTS)[number];

const linkEndOut = z.object({ lon: z.number(), lat: z.number(), heightM: z.number(), groundM: z.number() });

export const linkProfile = z.object({
  distanceM: z.number(),
  spacingM: z.number(),
  frequencyMHz: z.number(),
  model: z.enum(PROFILE_MODELS),
  from: linkEndOut,
  to: linkEndOut,
  samples: z
    .array(z.object({ distanceM: z.number(), groundM: z.number(), bulgedM: z.number(), losM: z.number(), fresnelM: z.number(), clearanceM: z.number() }))
    .meta({ description: 'distance from `from`, ground height, ground + earth bulge, LOS line, F1 radius, clearance (LOS − bulged ground)' }),
  minClearance: z.object({ distanceM: z.number(), clearanceM: z.number(), fractionOfF1: z.number() }).nullable(),
  edges: z
    .array(z.object({ distanceM: z.number(), heightM: z.number(), v: z.number(), lossDb: z.number() }))
    .meta({ description: 'Deygout edges in the order found (main edge first), with their Fresnel–Kirchhoff v and knife-edge loss' }),
  los: z.boolean(),
  verdict: z
    .enum(LINK_VERDICTS)
    .meta({ description: 'clear: ≥ 60 % of F1 clear; fresnel-obstructed: the line is clear but less of F1 is; obstructed: terrain cuts the line' }),
  diffractionLossDb: z.number().meta({ description: "Deygout's loss over the crests; for itm for information only (ITM's loss includes diffraction)" }),
  pathLoss: z.object({
    pathLossDb: z.number(),
    model: z.enum([...PATH_LOSS_MODELS, 'itm']),
    los: z.boolean(),
    valid: z.boolean(),
    outOfRange: z.array(rangeViolation),
  }),
  clutter: z.enum(CLUTTER_CLASSES).nullable().meta({ description: "land-use class of the receiver's grid cell, null where none is known" }),
  clutterScreens: z.boolean().meta({ description: 'whether that clutter screens the receiver (then the 3GPP models take their NLOS formula)' }),
  clutterLossDb: z.number(),
  totalLossDb: z.number(),
});
export type LinkProfile = z.infer<typeof linkProfile>;
