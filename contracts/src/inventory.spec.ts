import { layerCreateBody, layerListQuery, layerPatchBody, structureProperties, tenancyProperties } from './inventory';

describe('feature layer contracts', () => {
  const create = layerCreateBody(['Point'], structureProperties);
  it('names every missing property and the missing geometry, properties first', () => {
    const r = create.safeParse({});
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(paths).toEqual([
      'properties.name: is required',
      'properties.kind: must be one of lattice_tower, monopole, camouflaged_tower, rooftop, street_lamp_pole, utility_pole, traffic_sign_pole, camera_pole, smart_pole, indoor_distribution, power_grid_tower; got undefined',
      'properties.ownerId: is required (an organisation id)',
      'properties.heightM: height must be a number',
      'properties.slotsTotal: Invalid input: expected number, received undefined',
      'properties.buildForm: must be one of standalone, attached; got undefined',
      'geometry: is required',
    ]);
  });
  it('checks the envelope first', () => {
    const r = create.safeParse({ type: 'Foo' });
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['type']);
  });
  it('reports geometry paths', () => {
    const r = create.safeParse({
      properties: { name: 'x', kind: 'monopole', ownerId: 'a', heightM: 1, slotsTotal: 1, buildForm: 'standalone' },
      geometry: { type: 'Point', coordinates: [29.5, 106.5] },
    });
    expect(r.error!.issues.map((i) => i.path)).toEqual([['geometry', 'coordinates']]);
  });
  it('ignores the geometry of a layer without one', () => {
    const r = layerCreateBody(null, tenancyProperties).safeParse({
      properties: { structureId: 5, operatorId: 'x', technology: '5G', bandMhz: 3500, antennaHeightM: 20, eirpDbm: 50 },
      geometry: 7,
    });
    expect(r.success).toBe(true);
    expect(r.data!.geometry).toBeNull();
    expect(r.data!.properties.structureId).toBe('5');
  });
  it('patch: nothing to change, and properties must be an object', () => {
    const patch = layerPatchBody(['Point'], structureProperties);
    expect(patch.safeParse({}).error!.issues.map((i) => [i.path, i.message])).toEqual([[[], 'nothing to change: send properties and/or geometry']]);
    expect(patch.safeParse({ properties: 5 }).error!.issues.map((i) => [i.path, i.message])).toEqual([[['properties'], 'must be an object']]);
    expect(patch.safeParse({ properties: { a: 1 } }).data).toEqual({ properties: { a: 1 } });
  });
  it('list query: defaults, bounds read at parse time, every problem in order', () => {
    let max = 500;
    const q = layerListQuery([{ param: 'kind', values: ['a', 'b'] }, { param: 'owner' }], () => max);
    expect(q.parse({})).toEqual({ limit: 100, offset: 0 });
    expect(q.parse({ kind: ['a', 'b'], owner: 'x,y', bbox: '1,2,3,4' })).toEqual({
      limit: 100,
      offset: 0,
      kind: ['a', 'b'],
      owner: ['x', 'y'],
      bbox: [1, 2, 3, 4],
    });
    max = 50;
    expect(q.parse({})).toEqual({ limit: 50, offset: 0 });
    const r = q.safeParse({ limit: '51', offset: '-1', kind: 'c', bbox: '1,2' });
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['limit', 'must be an integer between 1 and 50'],
      ['offset', 'must be an integer between 0 and 10000000'],
      ['kind', 'unknown value "c"; one of a, b'],
      ['bbox', 'must be four numbers: minLon,minLat,maxLon,maxLat'],
    ]);
  });
});
describe('feature content', () => {
  it('says a missing geometry is required when the properties are fine', () => {
    const r = layerCreateBody(['Point'], structureProperties).safeParse({
      properties: { name: 'x', kind: 'monopole', ownerId: 'a', heightM: 1, slotsTotal: 1, buildForm: 'standalone' },
      geometry: null,
    });
    expect(r.error!.issues.map((i) => [i.path, i.message])).toEqual([[['geometry'], 'is required']]);
  });
});
