import { writeArrayBuffer } from 'geotiff';
import { TerrainFileError } from './dem-tile';
import { proj4ForEpsg, readGeoTiff } from './geotiff-dem';

describe('GeoTIFF DEMs', () => {
  it('knows EPSG codes from the registry, projected and geographic, and refuses what is not a CRS', () => {
    expect(proj4ForEpsg(32648)).toEqual({ proj4: expect.stringContaining('+proj=utm +zone=48'), geographic: false });
    expect(proj4ForEpsg(4326)?.geographic).toBe(true);
    expect(proj4ForEpsg(4490)?.geographic).toBe(true); // CGCS2000, China's geodetic datum
    expect(proj4ForEpsg(99999)).toBeNull();
    expect(proj4ForEpsg(32767)).toBeNull();
  });

  it('reads a geographic GeoTIFF onto its own grid: cell centres, rows flipped to south-first, nodata filled', async () => {
    const w = 5;
    const h = 4;
    // rows from the north, heights 100·row + col; one nodata cell
    const values = Float32Array.from({ length: w * h }, (_, i) => 100 * Math.floor(i / w) + (i % w));
    values[2 * w + 2] = -32768;
    const step = 1 / 3600;
    const tif = writeArrayBuffer(values, {
      width: w,
      height: h,
      ModelPixelScale: [step, step, 0],
      ModelTiepoint: [0, 0, 0, 106, 29.5, 0],
      GeographicTypeGeoKey: 4326,
      GTModelTypeGeoKey: 2,
      GTRasterTypeGeoKey: 1,
      GDAL_NODATA: '-32768',
    } as never);
    const t = await readGeoTiff('small.tif', new Uint8Array(tif));
    expect(t.grid).toMatchObject({ cols: 5, rows: 4 });
    expect(t.grid.west).toBeCloseTo(106 + step / 2, 9);
    expect(t.grid.south).toBeCloseTo(29.5 - 3.5 * step, 9);
    expect(t.grid.heights[0]).toBeCloseTo(300, 3); // south-west: the file's last row
    expect(t.grid.heights[3 * w + 4]).toBeCloseTo(4, 3); // north-east: the first row's last cell
    expect(t.voidsFilled).toBe(1);
    expect(t.grid.heights[1 * w + 2]).toBeCloseTo((101 + 102 + 103 + 201 + 203 + 301 + 302 + 303) / 8, 3);
  });

  it('refuses a raster larger than the cap from its header, before decoding anything', async () => {
    // a strip-less header declaring 100,000 × 100,000 pixels: the file itself is tiny
    const tif = writeArrayBuffer(new Float32Array(4).fill(1), {
      width: 2,
      height: 2,
      ModelPixelScale: [0.001, 0.001, 0],
      ModelTiepoint: [0, 0, 0, 106, 29.5, 0],
      GeographicTypeGeoKey: 4326,
      GTModelTypeGeoKey: 2,
    } as never);
    const bytes = new Uint8Array(tif);
    // ImageWidth (256) and ImageLength (257) are SHORT/LONG entries of the first IFD: rewrite their values
    const dv = new DataView(tif);
    const le = dv.getUint16(0) === 0x4949;
    const ifd = dv.getUint32(4, le);
    for (let k = 0; k < dv.getUint16(ifd, le); k++) {
      const e = ifd + 2 + 12 * k;
      const tag = dv.getUint16(e, le);
      if (tag === 256 || tag === 257) {
        dv.setUint16(e + 2, 4, le); // LONG
        dv.setUint32(e + 8, 100_000, le);
      }
    }
    await expect(readGeoTiff('huge.tif', bytes)).rejects.toThrow(/100000×100000 pixels; at most 16,777,216/);
  });

  it('refuses values that cannot be heights in metres', async () => {
    const tif = writeArrayBuffer(new Float32Array(16).fill(65000), {
      width: 4,
      height: 4,
      ModelPixelScale: [0.001, 0.001, 0],
      ModelTiepoint: [0, 0, 0, 106, 29.5, 0],
      GeographicTypeGeoKey: 4326,
      GTModelTypeGeoKey: 2,
    } as never);
    await expect(readGeoTiff('x.tif', new Uint8Array(tif))).rejects.toThrow(TerrainFileError);
  });
});
