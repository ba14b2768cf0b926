import { writeArrayBuffer } from 'geotiff';
import { cellToLatLng, latLngToCell } from 'h3-js';
import { buildUniverse, COVERAGE_RESOLUTION } from '../radio/universe';
import { coverOfCells, openClutterRaster, readClutterCodes } from './clutter-raster';
import { classOfWorldCover, COVER_GROUPS, CoverTally, NO_GROUP } from './worldcover';

const group = (name: (typeof COVER_GROUPS)[number]) => COVER_GROUPS.indexOf(name);

/** A geographic (EPSG:4326) uint8 GeoTIFF, top-left corner at (west, north), square pixels of `step` degrees. */
function worldCoverTiff(
  values: ArrayLike<number>,
  width: number,
  height: number,
  west: number,
  north: number,
  step: number,
  extra: Record<string, unknown> = {},
): Uint8Array {
  const data = values instanceof Uint8Array || values instanceof Float32Array ? values : Uint8Array.from(values as number[]);
  return new Uint8Array(
    writeArrayBuffer(data, {
      width,
      height,
      ModelPixelScale: [step, step, 0],
      ModelTiepoint: [0, 0, 0, west, north, 0],
      GeographicTypeGeoKey: 4326,
      GTModelTypeGeoKey: 2,
      GTRasterTypeGeoKey: 1,
      ...extra,
    } as never),
  );
}

describe('ESA WorldCover codes → clutter classes', () => {
  it('maps water, forest and open land whatever the density', () => {
    expect(classOfWorldCover(80, 20_000)).toBe('water');
    for (const code of [10, 95]) expect(classOfWorldCover(code, 20_000)).toBe('forest');
    for (const code of [20, 30, 40, 60, 70, 90, 100]) expect(classOfWorldCover(code, 20_000)).toBe('open');
  });

  it('splits built-up land by residents per km² at the engine environment edges (sparse built-up land is suburban)', () => {
    expect(classOfWorldCover(50, 15_000)).toBe('dense_urban');
    expect(classOfWorldCover(50, 14_999)).toBe('urban');
    expect(classOfWorldCover(50, 4_000)).toBe('urban');
    expect(classOfWorldCover(50, 3_999)).toBe('suburban');
    expect(classOfWorldCover(50, 0)).toBe('suburban');
  });

  it('gives no class for nodata or a code outside the list', () => {
    expect(classOfWorldCover(0, 5000)).toBeNull();
    expect(classOfWorldCover(42, 5000)).toBeNull();
  });

  it('takes the majority per cell, ties to the more obstructing cover', () => {
    const t = new CoverTally(3);
    t.add(0, group('water'));
    t.add(0, group('water'));
    t.add(0, group('built'));
    t.add(1, group('open'));
    t.add(1, group('forest'));
    expect(t.majority(0)).toBe(group('water'));
    expect(t.majority(1)).toBe(group('forest'));
    expect(t.majority(2)).toBe(NO_GROUP);
  });
});

describe('classified GeoTIFF → cover per H3 resolution-10 cell', () => {
  // a 2.2 km square of city grid near Jiefangbei
  const [west, south, east, north] = [106.56, 29.55, 106.58, 29.57];
  const grid = buildUniverse([
    {
      id: 1,
      coordinates: [
        [
          [
            [west, south],
            [east, south],
            [east, north],
            [west, north],
            [west, south],
          ],
        ],
      ],
    },
  ]);

  it('at 10 m: water west of 106.57, built-up east of it; each cell takes the cover of most of its pixels', async () => {
    const step = 0.0001;
    const width = 200;
    const height = 200;
    const codes = new Uint8Array(width * height);
    for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) codes[r * width + c] = c < 100 ? 80 : 50;
    const frame = await openClutterRaster(worldCoverTiff(codes, width, height, west, north, step));
    expect(frame.footprint.west).toBeCloseTo(west + step / 2, 6);
    const cover = coverOfCells(frame, await readClutterCodes(frame), grid);
    expect(cover.pixelsInGrid).toBeGreaterThan(width * height * 0.9);
    expect(cover.cellsFromCentrePixel).toBe(0);
    let checked = 0;
    for (let i = 0; i < grid.h3.length; i++) {
      const lon = grid.lon[i];
      if (Math.abs(lon - 106.57) < 0.001 || lon < west + 0.001 || lon > east - 0.001 || grid.lat[i] < south + 0.001 || grid.lat[i] > north - 0.001) continue;
      expect(cover.groups[i]).toBe(lon < 106.57 ? group('water') : group('built'));
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('leaves cells outside the raster and under nodata without a class', async () => {
    // the raster covers only the south-west quarter; its northern half is nodata
    const step = 0.0002;
    const codes = new Uint8Array(50 * 50);
    for (let r = 0; r < 50; r++) for (let c = 0; c < 50; c++) codes[r * 50 + c] = r < 25 ? 0 : 10;
    const frame = await openClutterRaster(worldCoverTiff(codes, 50, 50, west, south + 0.01, step));
    const cover = coverOfCells(frame, await readClutterCodes(frame), grid);
    expect(cover.nodataPixels).toBe(25 * 50);
    const forest = latLngToCell(south + 0.002, west + 0.005, COVERAGE_RESOLUTION);
    const underNodata = latLngToCell(south + 0.008, west + 0.005, COVERAGE_RESOLUTION);
    const outside = latLngToCell(north - 0.003, east - 0.003, COVERAGE_RESOLUTION);
    expect(cover.groups[grid.indexOf.get(forest)!]).toBe(group('forest'));
    expect(cover.groups[grid.indexOf.get(underNodata)!]).toBe(NO_GROUP);
    expect(cover.groups[grid.indexOf.get(outside)!]).toBe(NO_GROUP);
  });

  it('with pixels coarser than the cells, a cell with no pixel centre takes the pixel under its centre', async () => {
    // 0.002° (≈ 200 m) pixels in a 10 × 10 checkerboard of forest and grassland
    const step = 0.002;
    const codes = new Uint8Array(100);
    for (let r = 0; r < 10; r++) for (let c = 0; c < 10; c++) codes[r * 10 + c] = (r + c) % 2 ? 10 : 30;
    const frame = await openClutterRaster(worldCoverTiff(codes, 10, 10, west, north, step));
    const cover = coverOfCells(frame, await readClutterCodes(frame), grid);
    expect(cover.cellsFromCentrePixel).toBeGreaterThan(grid.h3.length / 2);
    for (let i = 0; i < grid.h3.length; i++) {
      const c = Math.floor((grid.lon[i] - west) / step);
      const r = Math.floor((north - grid.lat[i]) / step);
      if (c < 0 || r < 0 || c > 9 || r > 9) continue;
      // away from pixel edges, where a cell may also hold a neighbour's pixel centre
      const fx = (grid.lon[i] - west) / step - c;
      const fy = (north - grid.lat[i]) / step - r;
      if (fx < 0.4 || fx > 0.6 || fy < 0.4 || fy > 0.6) continue;
      expect(cover.groups[i]).toBe((r + c) % 2 ? group('forest') : group('open'));
    }
    const [lat, lon] = cellToLatLng(grid.h3[0]);
    expect(frame.pixelAt(lon, lat)).not.toBeNull();
  });

  it('refuses a code outside the WorldCover list, naming the value and the pixel', async () => {
    const codes = new Uint8Array(16).fill(30);
    codes[6] = 42;
    const frame = await openClutterRaster(worldCoverTiff(codes, 4, 4, west, north, 0.0001));
    await expect(readClutterCodes(frame)).rejects.toMatchObject({
      field: 'file',
      problem: expect.stringMatching(/holds 42 at pixel \(2, 1\).*not an ESA WorldCover class code/),
    });
  });

  it('refuses floating-point and multi-band rasters', async () => {
    await expect(openClutterRaster(worldCoverTiff(new Float32Array(16).fill(30), 4, 4, west, north, 0.0001))).rejects.toMatchObject({
      field: 'file',
      problem: expect.stringMatching(/floating-point.*integer class codes/),
    });
    const rgb = new Uint8Array(
      writeArrayBuffer(
        [
          [new Array(4).fill(10), new Array(4).fill(10)],
          [new Array(4).fill(10), new Array(4).fill(10)],
          [new Array(4).fill(10), new Array(4).fill(10)],
        ] as never,
        { ModelPixelScale: [0.001, 0.001, 0], ModelTiepoint: [0, 0, 0, west, north, 0], GeographicTypeGeoKey: 4326 } as never,
      ),
    );
    await expect(openClutterRaster(rgb)).rejects.toMatchObject({
      field: 'file',
      problem: expect.stringMatching(/3 bands; a classified land-cover raster has one band/),
    });
  });

  it('treats the file’s declared nodata value as nodata', async () => {
    const codes = new Uint8Array(16).fill(255);
    codes[0] = 80;
    const frame = await openClutterRaster(worldCoverTiff(codes, 4, 4, west, north, 0.0001, { GDAL_NODATA: '255' }));
    const read = await readClutterCodes(frame);
    expect(Array.from(read).filter((v) => v === 0)).toHaveLength(15);
  });
});
