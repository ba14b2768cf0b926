import { z } from 'zod';
import { CRS_CODES, IMPORT_LAYERS } from './enums';
import { oneOf, timestamp } from './zod';

/** Bulk imports of a GeoJSON layer: the upload's query, and the batch as the API reports it. */

export const IMPORT_SOURCE_FORMATS = ['geojson', 'csv', 'kml', 'shapefile'] as const;
export type ImportSourceFormat = (typeof IMPORT_SOURCE_FORMATS)[number];

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** POST /imports?layer=…: the file itself is the body (GeoJSON, CSV, KML, or a zipped Shapefile as binary). */
export const importSubmitQuery = z.object({
  layer: oneOf(IMPORT_LAYERS),
  format: oneOf(IMPORT_SOURCE_FORMATS)
    .optional()
    .meta({ description: 'default from Content-Type (application/zip: a zipped Shapefile with its .prj; KML: application/vnd.google-earth.kml+xml)' }),
  // not defaulted here: a Shapefile's .prj is required only when no crs is given
  crs: oneOf(CRS_CODES).optional().meta({ description: 'coordinate system of the file (default wgs84); converted to WGS84 on the way in' }),
  // invalid or self-intersecting polygons repaired with ST_MakeValid, only when asked; otherwise rejected
  repair: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .meta({ description: 'repair invalid polygons with ST_MakeValid instead of rejecting them' }),
});
export type ImportSubmitQuery = z.output<typeof importSubmitQuery>;

export const importId = z.uuid({ error: 'must be an import id (UUID)' }).meta({ description: 'an import batch id' });

/** A row of the file that was not loaded: its line (CSV) or feature number (GeoJSON, KML, Shapefile) and why. */
export const importReject = z.looseObject({ line: z.number().int().optional(), field: z.string(), problem: z.string() });

export const importBatchView = z.object({
  id: z.string(),
  layer: z.enum(IMPORT_LAYERS),
  format: z.enum(IMPORT_SOURCE_FORMATS).meta({ description: 'the format of the file as uploaded' }),
  crs: z.enum(CRS_CODES),
  status: z.enum(IMPORT_STATUSES),
  /** Features repaired with ST_MakeValid on request, by their number in the file. */
  repaired: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  rowsTotal: z.number().int().nullable(),
  rowsLoaded: z.number().int().nullable(),
  rowsRejected: z.number().int().nullable(),
  rejects: z.array(importReject).meta({ description: 'the first 5,000 rejected rows, by line' }),
  error: z.string().nullable().meta({ description: 'why a failed batch loaded nothing' }),
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
});
export type ImportBatchView = z.infer<typeof importBatchView>;
