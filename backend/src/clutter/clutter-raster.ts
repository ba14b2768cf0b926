import proj4 from 'proj4';
import { latLngToCell } from 'h3-js';
import { COVERAGE_RESOLUTION } from '../radio/universe';
import { TerrainFileError } from '../radio/raster/dem-tile';
import { type GeoTiffHeader, pixelCentres, readGeoTiffHeader } from '../radio/raster/geotiff-dem';
import { CoverTally, groupOfCode, NO_GROUP, WORLDCOVER_CODES, WORLDCOVER_NODATA } from './worldcover';

/**
 * A classified land-cover GeoTIFF (ESA WorldCover codes): opened with the terrain module's GeoTIFF reader (same CRS
 * look-up, same pixel cap), then each pixel centre is placed in its H3 resolution-10 cell of the city grid.
 */

/** A clutter file Cosite cannot use, naming the request field to fix (file, fileName, crs) and the problem. */
export class ClutterFileError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'ClutterFileError';
  }
}

/** The GeoTIFF reader's errors (TerrainFileError) in the clutter import's words. */
export function asClutterFileError(e: unknown): ClutterFileError | null {
  if (e instanceof ClutterFileError) return e;
  if (e instanceof TerrainFileError) return new ClutterFileError(e.field, e.problem);
  return null;
}

export interface LonLatBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Pixel ↔ lon/lat of one opened raster. */
export interface RasterFrame {
  header: GeoTiffHeader;
  width: number;
  height: number;
  /** Lon/lat of a pixel's centre. */
  centre(col: number, row: number): [number, number];
  /** The pixel whose area holds a lon/lat, or null outside the raster. */
  pixelAt(lon: number, lat: number): [number, number] | null;
  /** The raster's footprint as a lon/lat box (its edges sampled: projected edges are curved). */
  footprint: LonLatBox;
}

const CODE_LIST = Object.keys(WORLDCOVER_CODES).join(', ');

/** Header checks (one integer band, a known CRS, georeferenced) and the pixel geometry; no pixel is decoded. */
export async function openClutterRaster(bytes: Uint8Array, crsOverride?: number): Promise<RasterFrame> {
  const header = await readGeoTiffHeader(bytes, crsOverride, 'a classified land-cover raster has one band of class codes');
  const { image } = header;
  const format = image.getSampleFormat(0);
  if (format !== 1 && format !== 2) {
    throw new ClutterFileError(
      'file',
      `holds ${format === 3 ? 'floating-point' : 'non-integer'} samples (${image.getBitsPerSample(0)}-bit); a classified raster holds integer class codes (ESA WorldCover: ${CODE_LIST})`,
    );
  }
  const width = image.getWidth();
  const height = image.getHeight();
  const { x0, y0, rx, ry } = pixelCentres(image);
  const toSource = header.geographic ? null : proj4('EPSG:4326', header.proj4);
  const centre = (col: number, row: number): [number, number] => {
    const x = x0 + col * rx;
    const y = y0 + row * ry;
    return toSource ? (toSource.inverse([x, y]) as [number, number]) : [x, y];
  };
  const pixelAt = (lon: number, lat: number): [number, number] | null => {
    const [x, y] = toSource ? (toSource.forward([lon, lat]) as [number, number]) : [lon, lat];
    const col = Math.round((x - x0) / rx);
    const row = Math.round((y - y0) / ry);
    return col >= 0 && row >= 0 && col < width && row < height ? [col, row] : null;
  };
  const edge: [number, number][] = [];
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    edge.push(centre(f * (width - 1), 0), centre(f * (width - 1), height - 1), centre(0, f * (height - 1)), centre(width - 1, f * (height - 1)));
  }
  const lons = edge.map((p) => p[0]);
  const lats = edge.map((p) => p[1]);
  const footprint = { west: Math.min(...lons), south: Math.min(...lats), east: Math.max(...lons), north: Math.max(...lats) };
  if (!(footprint.west >= -180 && footprint.east <= 180 && footprint.south >= -90 && footprint.north <= 90)) {
    throw new ClutterFileError(
      'file',
      `its extent in EPSG:${header.epsg} does not map onto the globe (west ${footprint.west}, south ${footprint.south}, east ${footprint.east}, north ${footprint.north})`,
    );
  }
  return { header, width, height, centre, pixelAt, footprint };
}

/**
 * Decodes the band and checks every value is a WorldCover code (or nodata: 0, or the file's declared nodata).
 * Returns the codes row by row from the top.
 */
export async function readClutterCodes(frame: RasterFrame): Promise<ArrayLike<number>> {
  const { image } = frame.header;
  const raster = (await image.readRasters({ samples: [0], interleave: true })) as unknown as ArrayLike<number>;
  const nodata = image.getGDALNoData();
  const out = new Uint8Array(raster.length);
  for (let i = 0; i < raster.length; i++) {
    const v = raster[i];
    if (v === nodata) continue; // stays 0, WorldCover's nodata
    if (groupOfCode(v) === undefined) {
      const col = i % frame.width;
      const row = Math.floor(i / frame.width);
      throw new ClutterFileError(
        'file',
        `holds ${v} at pixel (${col}, ${row}), which is not an ESA WorldCover class code (${CODE_LIST}; ${WORLDCOVER_NODATA} = nodata)`,
      );
    }
    out[i] = v;
  }
  return out;
}

/** The city grid as the tally needs it: cells (H3 text), their index, their centres. */
export interface GridCells {
  h3: readonly string[];
  indexOf: ReadonlyMap<string, number>;
  lon: Float64Array;
  lat: Float64Array;
}

export interface CellCover {
  /** Per grid cell: the winning cover group (index in COVER_GROUPS), NO_GROUP where the raster says nothing. */
  groups: Uint8Array;
  /** Pixels with a class whose centre fell in a grid cell. */
  pixelsInGrid: number;
  nodataPixels: number;
  /** Cells with no pixel centre inside, classed by the pixel under their centre. */
  cellsFromCentrePixel: number;
}

/**
 * Per grid cell, the majority cover group of the pixels whose centres fall in it; a cell holding no pixel centre
 * (a raster coarser than the cells) takes the pixel under its own centre. Pixels outside the grid are skipped.
 */
export function coverOfCells(frame: RasterFrame, codes: ArrayLike<number>, grid: GridCells, progress: (fraction: number) => void = () => undefined): CellCover {
  const n = grid.h3.length;
  const tally = new CoverTally(n);
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    west = Math.min(west, grid.lon[i]);
    east = Math.max(east, grid.lon[i]);
    south = Math.min(south, grid.lat[i]);
    north = Math.max(north, grid.lat[i]);
  }
  // a resolution-10 cell reaches about 75 m from its centre
  const margin = 0.002;
  let pixelsInGrid = 0;
  let nodataPixels = 0;
  for (let row = 0; row < frame.height; row++) {
    for (let col = 0; col < frame.width; col++) {
      const g = groupOfCode(codes[row * frame.width + col])!;
      if (g === NO_GROUP) {
        nodataPixels++;
        continue;
      }
      const [lon, lat] = frame.centre(col, row);
      if (lon < west - margin || lon > east + margin || lat < south - margin || lat > north + margin) continue;
      const cell = grid.indexOf.get(latLngToCell(lat, lon, COVERAGE_RESOLUTION));
      if (cell === undefined) continue;
      tally.add(cell, g);
      pixelsInGrid++;
    }
    if (row % 256 === 255) progress(row / frame.height);
  }
  const groups = new Uint8Array(n).fill(NO_GROUP);
  let cellsFromCentrePixel = 0;
  for (let i = 0; i < n; i++) {
    const g = tally.majority(i);
    if (g !== NO_GROUP) {
      groups[i] = g;
      continue;
    }
    const p = frame.pixelAt(grid.lon[i], grid.lat[i]);
    if (!p) continue;
    const centreGroup = groupOfCode(codes[p[1] * frame.width + p[0]])!;
    if (centreGroup === NO_GROUP) continue;
    groups[i] = centreGroup;
    cellsFromCentrePixel++;
  }
  progress(1);
  return { groups, pixelsInGrid, nodataPixels, cellsFromCentrePixel };
}
