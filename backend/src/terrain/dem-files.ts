import * as path from 'node:path';
import { DemFileError, HGT_SIZES, parseHgtName, readHgt } from '../radio/propagation/terrain/hgt';
import { ZipUpload } from '../common/zip';
import { ImportFileError, type UploadCaps } from '../common/upload-caps';
import { type DemTile, TerrainFileError } from '../radio/raster/dem-tile';
import { readGeoTiff, readGeoTiffHeader } from '../radio/raster/geotiff-dem';

export const TERRAIN_FORMATS = ['hgt', 'zip', 'geotiff'] as const;
export type TerrainFormat = (typeof TERRAIN_FORMATS)[number];

/** The format a file name says, or null. */
export function formatOfName(fileName: string): TerrainFormat | null {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.hgt') return 'hgt';
  if (ext === '.zip') return 'zip';
  if (ext === '.tif' || ext === '.tiff') return 'geotiff';
  return null;
}

/** The same problem in the API's words: a kernel DemFileError, our TerrainFileError, a zip reader's ImportFileError. */
export function asTerrainFileError(e: unknown): TerrainFileError | null {
  if (e instanceof TerrainFileError) return e;
  if (e instanceof DemFileError) return new TerrainFileError(e.field, e.problem);
  if (e instanceof ImportFileError) return new TerrainFileError('file', e.message);
  return null;
}

/** A .hgt's name and size, without reading its samples (the API's check before storing it). */
function checkHgt(name: string, byteLength: number): void {
  parseHgtName(name);
  if (!HGT_SIZES.some((s) => s.side * s.side * 2 === byteLength)) {
    const expected = HGT_SIZES.map((s) => `${s.side * s.side * 2} bytes (${s.arcSeconds}″)`).join(' or ');
    throw new DemFileError('file', `${path.basename(name)} is ${byteLength} bytes; an SRTM .hgt tile is ${expected}`);
  }
}

const isDemMember = (name: string) => !/(^|\/)(__MACOSX\/|\._)/.test(name) && (formatOfName(name) === 'hgt' || formatOfName(name) === 'geotiff');

/**
 * What the API checks before it stores an upload (nothing is unpacked or resampled): a .hgt's name and size, a
 * GeoTIFF's header and CRS, a zip's directory and the names and declared sizes of its DEMs.
 */
export async function checkTerrainUpload(fileName: string, format: TerrainFormat, bytes: Buffer, caps: UploadCaps, crs?: number): Promise<void> {
  if (format === 'hgt') return checkHgt(fileName, bytes.length);
  if (format === 'geotiff') {
    await readGeoTiffHeader(bytes, crs);
    return;
  }
  const zip = await ZipUpload.open(bytes, caps);
  try {
    const dems = zip.members.filter((m) => isDemMember(m.name));
    if (!dems.length) throw new TerrainFileError('file', 'the zip holds no .hgt or GeoTIFF (.tif) file');
    for (const m of dems) if (formatOfName(m.name) === 'hgt') checkHgt(m.name, m.uncompressedSize);
  } finally {
    zip.close();
  }
}

/** Reads every DEM of an upload (the worker's part); `progress` is told the fraction read after each file. */
export async function readTerrainUpload(
  fileName: string,
  format: TerrainFormat,
  bytes: Buffer,
  caps: UploadCaps,
  crs: number | undefined,
  progress: (fraction: number) => Promise<void> = async () => undefined,
): Promise<DemTile[]> {
  if (format === 'hgt') return [hgtTile(path.basename(fileName), bytes)];
  if (format === 'geotiff') return [await readGeoTiff(path.basename(fileName), bytes, crs)];
  const zip = await ZipUpload.open(bytes, caps);
  try {
    const dems = zip.members.filter((m) => isDemMember(m.name));
    if (!dems.length) throw new TerrainFileError('file', 'the zip holds no .hgt or GeoTIFF (.tif) file');
    const tiles: DemTile[] = [];
    for (const [k, m] of dems.entries()) {
      const data = await zip.read(m, caps.maxMemberBytes);
      const name = path.basename(m.name);
      tiles.push(formatOfName(name) === 'hgt' ? hgtTile(name, data) : await readGeoTiff(name, data, crs));
      await progress((k + 1) / dems.length);
    }
    return tiles;
  } finally {
    zip.close();
  }
}

function hgtTile(name: string, bytes: Uint8Array): DemTile {
  const t = readHgt(name, bytes);
  return { name: name.toUpperCase().replace(/\.HGT$/, '.hgt'), grid: t.grid, voidsFilled: t.voidsFilled };
}
