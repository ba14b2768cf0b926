import { FeatureStore } from '../layers/feature-store';
import { STRUCTURE_LAYER } from '../inventory/structure.layer';
import { ROUTE_LAYER } from '../inventory/route.layer';
import { OBSERVED_CELL_LAYER } from '../coverage/observed-cell.layer';
import { ImportFileError, parseImport } from './loader';
import { positionFromWgs84 } from './crs';

const caps = (maxRows: number) => ({ maxRows, maxDepth: 64, maxVertices: 1_000_000, maxFeatureVertices: 250_000 });

// validate() needs no database: the store is built without one.
const structures = new FeatureStore(null as never, STRUCTURE_LAYER);
const routes = new FeatureStore(null as never, ROUTE_LAYER);

describe('import parsing', () => {
  const header = 'code,name,kind,owner_id,height_m,slots_total,build_form,public_institution,lon,lat';

  it('reads CSV rows with snake_case headers, typed values and lon/lat points', () => {
    const r = parseImport(structures, 'csv', `${header}\nA1,塔,monopole,china-tower,30.5,3,standalone,yes,106.55,29.56\n`, 'wgs84', caps(100));
    expect(r.rejects).toEqual([]);
    expect(r.rows[0].properties).toMatchObject({ code: 'A1', heightM: 30.5, slotsTotal: 3, publicInstitution: true, source: 'import' });
    expect(r.rows[0].geometry).toEqual({ type: 'Point', coordinates: [106.55, 29.56] });
    expect(r.lineOf.get(0)).toBe(2);
  });

  it('reports bad rows by line and keeps the good ones', () => {
    const text = [
      header,
      'A1,塔,monopole,china-tower,30,3,standalone,,106.55,29.56',
      'A2,塔,tower,china-tower,30,3,standalone,,106.55,29.56',
      'A3,塔,monopole,china-tower,30,3,standalone,,106.55,',
    ].join('\n');
    const r = parseImport(structures, 'csv', text, 'wgs84', caps(100));
    expect(r.rows).toHaveLength(1);
    expect(r.rejects.map((x) => [x.line, x.field])).toEqual([
      [3, 'properties.kind'],
      [4, 'geometry.coordinates'],
    ]);
  });

  it('converts GCJ-02 positions to WGS84', () => {
    const gcj = positionFromWgs84([106.577, 29.5575], 'gcj02');
    const r = parseImport(structures, 'csv', `${header}\nA1,塔,monopole,china-tower,30,3,standalone,,${gcj[0]},${gcj[1]}\n`, 'gcj02', caps(100));
    const [lon, lat] = r.rows[0].geometry!.coordinates as number[];
    expect(Math.abs(lon - 106.577)).toBeLessThan(1e-5);
    expect(Math.abs(lat - 29.5575)).toBeLessThan(1e-5);
  });

  it('reads WKT geometry and JSON tenants from CSV', () => {
    const text =
      'code,kind,owner_id,capacity_total,capacity_used,tenants,wkt\nR1,duct,china-tower,6,2,"[{""operatorId"":""china-mobile"",""unitsUsed"":1}]","LINESTRING (106.55 29.56, 106.56 29.57)"\n';
    const r = parseImport(routes, 'csv', text, 'wgs84', caps(100));
    expect(r.rejects).toEqual([]);
    expect(r.rows[0].geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [106.55, 29.56],
        [106.56, 29.57],
      ],
    });
    expect(r.rows[0].properties.tenants).toEqual([{ operatorId: 'china-mobile', unitsUsed: 1 }]);
  });

  it('numbers GeoJSON features from 1 and rejects non-features', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Nope' },
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [106.5, 29.5] },
          properties: { name: 'x', kind: 'monopole', ownerId: 'o', heightM: 1, slotsTotal: 1, buildForm: 'standalone' },
        },
      ],
    };
    const r = parseImport(structures, 'geojson', JSON.stringify(fc), 'wgs84', caps(100));
    expect(r.rejects).toEqual([{ line: 1, field: 'type', problem: 'must be a GeoJSON Feature' }]);
    expect(r.lineOf.get(0)).toBe(2);
  });

  it('refuses a whole file that is not JSON, or too long', () => {
    expect(() => parseImport(structures, 'geojson', '{', 'wgs84', caps(10))).toThrow(ImportFileError);
    const rows = Array.from({ length: 11 }, (_, k) => `A${k},塔,monopole,china-tower,30,3,standalone,,106.55,29.56`);
    expect(() => parseImport(structures, 'csv', [header, ...rows].join('\n'), 'wgs84', caps(10))).toThrow(/at most 10/);
  });
});

describe('OpenCelliD rows', () => {
  const observed = new FeatureStore(null as never, OBSERVED_CELL_LAYER);
  it('reads an export line into a typed cell keyed by its identity', () => {
    const text =
      'radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\nNR,460,0,12345,987654321,0,106.5772,29.5578,500,12,1,1700000000,1710000000,-95\n';
    const r = parseImport(observed, 'csv', text, 'wgs84', caps(10));
    expect(r.rejects).toEqual([]);
    expect(r.rows[0].properties).toMatchObject({
      code: 'NR-460-0-12345-987654321',
      cell: 987654321,
      range: 500,
      changeable: true,
      created: '2023-11-14T22:13:20.000Z',
      averageSignal: -95,
    });
  });
});
