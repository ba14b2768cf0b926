import { applyMapping, mapField, taken } from './mapping';
import { MAPPING_PRESETS } from './presets';
import { positionProblemIn, positionToWgs84 } from './crs';
import { headerRowOf } from './xlsx';
import proj4 from 'proj4';

const ctx = {
  organisationId: 'china-tower',
  types: new Map([
    ['heightM', 'numeric' as const],
    ['slotsTotal', 'integer' as const],
  ]),
};

describe('column mapping', () => {
  it('takes the first source column with a value, maps its value, converts its unit', () => {
    expect(mapField({ from: ['高度', 'height'] }, { height: '30 m' }, 'numeric', ctx)).toBe(30);
    expect(mapField({ from: '塔高', unit: 'cm' }, { 塔高: '4500' }, 'numeric', ctx)).toBe(45);
    expect(mapField({ from: 'h', unit: 'ft' }, { h: 100 }, 'numeric', ctx)).toBeCloseTo(30.48, 6);
    expect(mapField({ from: '塔型', values: { 铁塔: 'lattice_tower' } }, { 塔型: ' 铁塔 ' }, 'text', ctx)).toBe('lattice_tower');
  });

  it('leaves a value the map does not know as it is, so the layer’s check names it', () => {
    expect(mapField({ from: '塔型', values: { 铁塔: 'lattice_tower' } }, { 塔型: '砖塔' }, 'text', ctx)).toBe('砖塔');
  });

  it('matches column=value keys across several columns (OSM tags), then templates, then constants', () => {
    const kind = { from: ['power', 'highway'], values: { 'power=tower': 'power_grid_tower', 'highway=street_lamp': 'street_lamp_pole' } };
    expect(mapField(kind, { highway: 'street_lamp' }, 'text', ctx)).toBe('street_lamp_pole');
    expect(mapField({ from: 'operator', template: '{$organisation}' }, {}, 'text', ctx)).toBe('china-tower');
    expect(mapField({ template: 'OSM-{@id}' }, { '@id': 'node/1' }, 'text', ctx)).toBe('OSM-node/1');
    // a template whose every column is empty gives nothing, not "OSM-"
    expect(mapField({ template: 'OSM-{@id}', constant: 'x' }, {}, 'text', ctx)).toBe('x');
    expect(mapField({ from: 'slots', constant: 3 }, {}, 'integer', ctx)).toBe(3);
  });

  it('filters rows by the where groups, counting them, and reads geometry columns', () => {
    const where: Record<string, string[]>[] = [{ power: ['tower', 'pole'] }, { man_made: ['mast'], 'tower:type': ['communication'] }];
    expect(taken({ power: 'tower' }, where)).toBe(true);
    expect(taken({ man_made: 'mast' }, where)).toBe(false);
    expect(taken({ man_made: 'mast', 'tower:type': 'communication' }, where)).toBe(true);
    const out = applyMapping(
      [
        { line: 2, record: { x: '106.5', y: '29.5', power: 'tower' } },
        { line: 3, record: { x: 'abc', y: '29.5', power: 'pole' } },
        { line: 4, record: { amenity: 'bench' } },
      ],
      { where, geometry: { x: 'x', y: 'y' }, fields: { code: { template: 'P{power}' } } },
      ctx,
    );
    expect(out.filtered).toBe(1);
    expect(out.inputs[0]).toEqual({ line: 2, properties: { code: 'Ptower' }, geometry: { type: 'Point', coordinates: [106.5, 29.5] } });
    expect(out.inputs[1]).toMatchObject({ line: 3, problem: { field: 'x' } });
  });

  it('ships presets whose fields are mapped from something', () => {
    for (const p of MAPPING_PRESETS) for (const f of Object.values(p.mapping.fields)) expect(f.from ?? f.template ?? f.constant).toBeDefined();
  });
});

describe('Gauss-Krüger coordinates', () => {
  const zone35 = proj4('WGS84', '+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=35500000 +y_0=0 +ellps=GRS80 +units=m');
  const jiefangbei: [number, number] = [106.577, 29.5575];

  it('projects CGCS2000 zone 35 back to the WGS84 point', () => {
    const [lon, lat] = positionToWgs84(zone35.forward(jiefangbei) as [number, number], 'EPSG:4523');
    expect(lon).toBeCloseTo(jiefangbei[0], 7);
    expect(lat).toBeCloseTo(jiefangbei[1], 7);
  });

  it('says why coordinates cannot be in the chosen zone', () => {
    const [x, y] = zone35.forward(jiefangbei);
    expect(positionProblemIn([x, y], 'EPSG:4523')).toBeNull();
    expect(positionProblemIn([106.577, 29.5575], 'EPSG:4523')).toMatch(/looks like degrees/);
    expect(positionProblemIn([y, x], 'EPSG:4523')).toMatch(/swapped/);
    expect(positionProblemIn([x, y], 'EPSG:4544')).toMatch(/zone number 35 in front/);
    expect(positionProblemIn([x - 35_000_000, y], 'EPSG:4523')).toMatch(/no zone number/);
    expect(positionProblemIn([x + 1_000_000, y], 'EPSG:4523')).toMatch(/in zone 36/);
  });
});

describe('the header row of a sheet', () => {
  it('skips a merged title row and notes, and takes the row of text labels', () => {
    expect(headerRowOf([['重庆铁塔站址台账'], ['编码', '名称', '塔高'], ['A1', '塔', 30]])).toBe(1);
    expect(
      headerRowOf([
        ['code', 'name'],
        ['A1', 'x'],
      ]),
    ).toBe(0);
  });
});
