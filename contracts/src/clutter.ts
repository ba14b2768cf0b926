import { z } from 'zod';
import { timestamp } from './zod';

/** The clutter (land-use) API: classed GeoTIFF imports (/api/v1/clutter/imports) and the cells' counts (/api/v1/clutter). */

/** Land-use classes of the coverage grid, one per H3 cell (the engine's class table, backend propagation/clutter.ts). */
export const CLUTTER_CLASSES = ['water', 'open', 'forest', 'suburban', 'urban', 'dense_urban'] as const;
export type ClutterClass = (typeof CLUTTER_CLASSES)[number];

/** Where a terrain or clutter import stands (the worker reads the stored file). */
export const RASTER_IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

export const CLUTTER_SOURCES = ['sample', 'import'] as const;

export const clutterImportQuery = z.object({
  // optional: a multipart upload names its file itself
  fileName: z
    .string()
    .min(1, 'must not be empty')
    .max(255, 'is longer than 255 characters')
    .optional()
    .meta({ description: 'the file name, when the file is sent as the raw body' }),
  // a GeoTIFF whose keys name no EPSG code (or the wrong one)
  crs: z
    .string()
    .regex(/^(EPSG:)?\d{4,5}$/i, 'must be an EPSG code, e.g. EPSG:4326')
    .transform((s) => Number(s.replace(/^EPSG:/i, '')))
    .optional()
    .meta({ description: 'EPSG code for a GeoTIFF that does not declare one, e.g. EPSG:4326' }),
});
export type ClutterImportQuery = z.infer<typeof clutterImportQuery>;

export const clutterImportId = z.uuid({ error: 'must be a clutter import id (UUID)' });

/** What became of the whole-city recompute an import asked for. */
export const recomputeNote = z.discriminatedUnion('status', [
  z.object({ status: z.literal('started'), runId: z.string() }),
  z.object({ status: z.literal('pending'), waitingFor: z.string().nullable(), message: z.string() }),
  z.object({ status: z.literal('not started'), message: z.string() }),
]);
export type RecomputeNote = z.infer<typeof recomputeNote>;

export const clutterImportReport = z.object({
  crs: z.number().int(),
  pixels: z.number().int(),
  nodataPixels: z.number().int(),
  pixelsInGrid: z.number().int().meta({ description: 'pixels with a class whose centre fell in a cell of the city grid' }),
  cells: z.number().int().meta({ description: 'grid cells the file classed (their earlier class replaced)' }),
  cellsFromCentrePixel: z
    .number()
    .int()
    .meta({ description: 'of those, cells holding no pixel centre, classed by the pixel under their centre (a coarse raster)' }),
  byClass: z.partialRecord(z.enum(CLUTTER_CLASSES), z.number().int()),
  replaced: z.record(z.string(), z.number().int()).meta({ description: 'cells that had a class before, by where it came from' }),
  recompute: recomputeNote.optional(),
});
export type ClutterImportReport = z.infer<typeof clutterImportReport>;

export const clutterImport = z.object({
  id: z.string(),
  fileName: z.string(),
  status: z.enum(RASTER_IMPORT_STATUSES),
  progress: z.number(),
  crs: z.number().int().nullable(),
  report: clutterImportReport.nullable(),
  error: z.string().nullable(),
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
});
export type ClutterImport = z.infer<typeof clutterImport>;

export const clutterCounts = z.object({
  total: z.number().int(),
  byClass: z.record(z.enum(CLUTTER_CLASSES), z.number().int()),
  bySource: z.record(z.enum(CLUTTER_SOURCES), z.number().int()),
  rows: z.array(z.object({ class: z.enum(CLUTTER_CLASSES), source: z.enum(CLUTTER_SOURCES), cells: z.number().int() })),
  version: z.string(),
});
export type ClutterCounts = z.infer<typeof clutterCounts>;
