import * as fs from 'node:fs';
import proj4 from 'proj4';
import { fromArrayBuffer, type GeoTIFFImage } from 'geotiff';
import { fillVoids, type DemGrid } from '../propagation/terrain/hgt';
import { type DemTile, MAX_STEP_DEG, PLAUSIBLE_HEIGHT_M, TerrainFileError } from './dem-tile';

/**
 * GeoTIFF DEMs (Copernicus GLO-30, SRTM GeoTIFFs, national DEMs in UTM): read with geotiff.js, the CRS looked up by
 * its EPSG code in epsg-index (the EPSG registry as proj4 strings, no network), and resampled bilinearly onto a
 * geographic grid at about the source's resolution, which is how Cosite stores every tile.
 */

/** Cells per imported GeoTIFF after resampling: a 1″ SRTM tile (3601²) and a little more. */
export const MAX_GEOTIFF_CELLS = 16_000_000;
/**
 * Pixels of a GeoTIFF as declared in its header, checked before anything is decoded: a compressed file of a few KB
 * can declare a raster of gigabytes. A Copernicus GLO-30 tile is 3600 × 3600.
 */
export const MAX_GEOTIFF_PIXELS = 4096 * 4096;

const USER_DEFINED = 32767;
const M_PER_DEG_LAT = 111_320;

export interface GeoTiffHeader {
  image: GeoTIFFImage;
  epsg: number;
  proj4: string;
  geographic: boolean;
}

/** The proj4 definition of an EPSG CRS, or null when the code is not a known 2D CRS. */
export function proj4ForEpsg(code: number): { proj4: string; geographic: boolean } | null {
  if (!Number.isInteger(code) || code <= 0 || code >= USER_DEFINED) return null;
  let entry: { kind?: string; proj4?: string };
  try {
    entry = JSON.parse(fs.readFileSync(require.resolve(`epsg-index/s/${code}.json`), 'utf8'));
  } catch {
    return null;
  }
  if (!entry.proj4 || !/^CRS-(PROJCRS|GEOGCRS|GEOG2DCRS)$/.test(entry.kind ?? '')) return null;
  return { proj4: entry.proj4, geographic: entry.kind !== 'CRS-PROJCRS' };
}

/**
 * Opens the file and finds its CRS; everything the API checks before storing an upload. `crs` overrides the file's
 * keys; `oneBand` says what the single band holds, for the error on a multi-band file (DEMs and clutter share this).
 */
export async function readGeoTiffHeader(bytes: Uint8Array, crsOverride?: number, oneBand = 'a DEM has one band of heights'): Promise<GeoTiffHeader> {
  let image: GeoTIFFImage;
  try {
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    image = await (await fromArrayBuffer(ab)).getImage();
  } catch (e) {
    throw new TerrainFileError('file', `is not a GeoTIFF (${(e as Error).message})`);
  }
  if (image.getWidth() * image.getHeight() > MAX_GEOTIFF_PIXELS) {
    throw new TerrainFileError(
      'file',
      `is ${image.getWidth()}×${image.getHeight()} pixels; at most ${MAX_GEOTIFF_PIXELS.toLocaleString('en')} pixels are accepted in one GeoTIFF (split it into tiles)`,
    );
  }
  if (image.getSamplesPerPixel() !== 1) throw new TerrainFileError('file', `has ${image.getSamplesPerPixel()} bands; ${oneBand}`);
  const keys = image.getGeoKeys();
  if (!keys) throw new TerrainFileError('file', 'is a TIFF without GeoTIFF keys: it is not georeferenced');
  const declared = crsOverride ?? (keys.ProjectedCSTypeGeoKey as number | undefined) ?? (keys.GeographicTypeGeoKey as number | undefined);
  if (declared === undefined || declared === USER_DEFINED) {
    throw new TerrainFileError('crs', 'the GeoTIFF declares no EPSG code (user-defined CRS); give it with ?crs=EPSG:<code>');
  }
  const def = proj4ForEpsg(declared);
  if (!def) throw new TerrainFileError('crs', `EPSG:${declared} is not a coordinate reference system Cosite knows`);
  try {
    image.getOrigin();
    image.getResolution();
  } catch {
    throw new TerrainFileError('file', 'has no georeferencing (no tie point and pixel scale)');
  }
  return { image, epsg: declared, proj4: def.proj4, geographic: def.geographic };
}

/** Reads and resamples the whole raster to a geographic DemTile (voids and nodata filled from neighbours). */
export async function readGeoTiff(name: string, bytes: Uint8Array, crsOverride?: number): Promise<DemTile & { epsg: number }> {
  const h = await readGeoTiffHeader(bytes, crsOverride);
  const { image } = h;
  const width = image.getWidth();
  const height = image.getHeight();
  if (width < 2 || height < 2) throw new TerrainFileError('file', `is ${width}×${height} pixels; a DEM needs at least 2×2`);
  const { x0, y0, rx, ry } = pixelCentres(image);
  const xAt = (col: number) => x0 + col * rx;
  const yAt = (row: number) => y0 + row * ry;

  const raster = (await image.readRasters({ samples: [0], interleave: true })) as unknown as ArrayLike<number>;
  const nodata = image.getGDALNoData();
  const source = new Float32Array(width * height);
  for (let i = 0; i < source.length; i++) {
    const v = raster[i];
    source[i] = v === nodata || !Number.isFinite(v) ? NaN : v;
  }

  const toSource = h.geographic ? null : proj4('EPSG:4326', h.proj4);
  const toLonLat = (x: number, y: number): [number, number] => (toSource ? (toSource.inverse([x, y]) as [number, number]) : [x, y]);
  // The geographic box inside the raster's footprint (its edges are curved once projected).
  const left = [0, height / 2, height - 1].map((r) => toLonLat(xAt(0), yAt(r))[0]);
  const right = [0, height / 2, height - 1].map((r) => toLonLat(xAt(width - 1), yAt(r))[0]);
  const top = [0, width / 2, width - 1].map((c) => toLonLat(xAt(c), yAt(0))[1]);
  const bottom = [0, width / 2, width - 1].map((c) => toLonLat(xAt(c), yAt(height - 1))[1]);
  const [west, east] = rx > 0 ? [Math.max(...left), Math.min(...right)] : [Math.max(...right), Math.min(...left)];
  const [south, north] = ry < 0 ? [Math.max(...bottom), Math.min(...top)] : [Math.max(...top), Math.min(...bottom)];
  if (!(west >= -180 && east <= 180 && south >= -90 && north <= 90 && east > west && north > south)) {
    throw new TerrainFileError('file', `its extent in EPSG:${h.epsg} does not map onto the globe (west ${west}, south ${south}, east ${east}, north ${north})`);
  }
  // About the source's spacing, in whole arc-seconds for projected sources.
  const stepDeg = h.geographic
    ? Math.min(Math.abs(rx), Math.abs(ry))
    : Math.max(1, Math.round((Math.min(Math.abs(rx), Math.abs(ry)) / M_PER_DEG_LAT) * 3600)) / 3600;
  if (stepDeg > MAX_STEP_DEG)
    throw new TerrainFileError(
      'file',
      `has a spacing of ${(stepDeg * 3600).toFixed(1)}″; at most ${MAX_STEP_DEG * 3600}″ (about 1.1 km) is useful for radio links`,
    );
  const cols = Math.floor((east - west) / stepDeg + 1e-9) + 1;
  const rows = Math.floor((north - south) / stepDeg + 1e-9) + 1;
  if (cols < 2 || rows < 2) throw new TerrainFileError('file', 'covers less than two samples once resampled');
  if (cols * rows > MAX_GEOTIFF_CELLS)
    throw new TerrainFileError(
      'file',
      `resamples to ${cols}×${rows} cells; at most ${MAX_GEOTIFF_CELLS.toLocaleString('en')} are accepted in one GeoTIFF (split it)`,
    );

  const heights = new Float32Array(cols * rows);
  const p: [number, number] = [0, 0];
  for (let r = 0; r < rows; r++) {
    const lat = south + r * stepDeg;
    for (let c = 0; c < cols; c++) {
      p[0] = west + c * stepDeg;
      p[1] = lat;
      const [x, y] = toSource ? (toSource.forward(p) as [number, number]) : p;
      heights[r * cols + c] = bilinear(source, width, height, (x - x0) / rx, (y - y0) / ry);
    }
  }
  for (let i = 0; i < heights.length; i++) {
    const v = heights[i];
    if (v < PLAUSIBLE_HEIGHT_M.min || v > PLAUSIBLE_HEIGHT_M.max) {
      throw new TerrainFileError(
        'file',
        `holds ${v}, outside ${PLAUSIBLE_HEIGHT_M.min}..${PLAUSIBLE_HEIGHT_M.max} m: not a DEM in metres (or its nodata value is not declared)`,
      );
    }
  }
  const grid: DemGrid = { west, south, cols, rows, stepDeg, heights };
  const voidsFilled = fillVoids(grid);
  return { name, grid, voidsFilled, epsg: h.epsg };
}

/**
 * Bilinear value at fractional pixel (fx, fy) of a row-major raster; NaN outside or when a corner that carries
 * weight is nodata (a corner of zero weight is skipped, so a point on the grid takes its own value).
 */
function bilinear(src: Float32Array, w: number, h: number, fx: number, fy: number): number {
  const eps = 1e-6;
  if (fx < -eps || fy < -eps || fx > w - 1 + eps || fy > h - 1 + eps) return NaN;
  const c = Math.min(Math.max(Math.floor(fx), 0), w - 2);
  const r = Math.min(Math.max(Math.floor(fy), 0), h - 2);
  const tx = Math.min(Math.max(fx - c, 0), 1);
  const ty = Math.min(Math.max(fy - r, 0), 1);
  const i = r * w + c;
  let v = 0;
  const add = (value: number, weight: number) => {
    if (weight > 1e-9) v += value * weight;
  };
  add(src[i], (1 - tx) * (1 - ty));
  add(src[i + 1], tx * (1 - ty));
  add(src[i + w], (1 - tx) * ty);
  add(src[i + w + 1], tx * ty);
  return v;
}

/**
 * Where pixel (0, 0)'s value sits in the file's CRS, and the step per column and row. PixelIsArea (the default):
 * values describe cells, so they sit half a pixel in from the origin corner; PixelIsPoint: at the origin itself.
 */
export function pixelCentres(image: { getOrigin(): number[]; getResolution(): number[]; getGeoKeys(): Record<string, unknown> | null }): {
  x0: number;
  y0: number;
  rx: number;
  ry: number;
} {
  const [ox, oy] = image.getOrigin();
  const [rx, ry] = image.getResolution();
  const half = (image.getGeoKeys() ?? {}).GTRasterTypeGeoKey === 2 ? 0 : 0.5;
  return { x0: ox + half * rx, y0: oy + half * ry, rx, ry };
}
