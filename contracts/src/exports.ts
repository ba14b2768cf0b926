import { z } from 'zod';
import { oneOf } from './zod';

/**
 * The formats every layer and result exports to. GeoPackage is not among them: the npm libraries that write it need
 * SQLite as a native binary fetched at install time (better-sqlite3), or hold the whole database in memory (sql.js).
 */
export const EXPORT_FORMATS = ['geojson', 'csv', 'xlsx', 'kml', 'shapefile'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const exportFormat = oneOf(EXPORT_FORMATS).meta({
  description: 'geojson, csv, xlsx, kml or shapefile (a zip with .shp, .shx, .dbf, .prj and a UTF-8 .cpg)',
});

/** The file each format is served as. */
export const EXPORT_FILES: Record<ExportFormat, { contentType: string; extension: string }> = {
  geojson: { contentType: 'application/geo+json', extension: 'geojson' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  kml: { contentType: 'application/vnd.google-earth.kml+xml', extension: 'kml' },
  shapefile: { contentType: 'application/zip', extension: 'zip' },
};

export const exportQuery = z.strictObject({ format: exportFormat.default('geojson') });
export type ExportQuery = z.output<typeof exportQuery>;
