import { assessCandidate, decide, type Demand, rank, type StructureFacts, suitableKind } from './candidate-assessment';

const demand: Demand = {
  lon: 106.5,
  lat: 29.5,
  searchRadiusM: 500,
  operator: 'china-mobile',
  technology: '5G',
  bandMHz: 2600,
  antennaHeightM: 30,
  slots: 1,
  loadKg: 120,
  indoor: false,
};
const tower = (over: Partial<StructureFacts> = {}): StructureFacts => ({
  id: 1,
  code: 'T1',
  name: 'tower',
  kind: 'monopole',
  status: 'built',
  heightM: 35,
  slotsTotal: 4,
  slotsUsed: 1,
  loadCapacityKg: 800,
  loadUsedKg: 120,
  publicInstitution: false,
  distanceM: 100,
  lon: 106.5,
  lat: 29.5,
  operatorTechnologies: ['china-telecom/5G'],
  operatorBands: ['china-telecom/5G/3500'],
  conditions: [],
  populationGain: 0,
  ...over,
});

describe('candidate assessment', () => {
  describe('a power-grid tower', () => {
    // a 220 kV line whose lowest conductor hangs at 38 m: antennas up to 35 m (GB 26859-2011: 3.0 m at 220 kV)
    const pylon = (over: Partial<StructureFacts> = {}) =>
      tower({
        kind: 'power_grid_tower',
        heightM: 45,
        voltageKv: 220,
        conductorHeightM: 38,
        slotsTotal: 4,
        slotsUsed: 0,
        loadCapacityKg: null,
        loadUsedKg: 0,
        ...over,
      });
    it('is shared below its conductors, with the grid owner’s approval as a condition and its source', () => {
      const r = assessCandidate(pylon(), demand, 0);
      expect(r).toMatchObject({ feasible: true, option: 'share', reasons: [] });
      expect(r.conditions).toEqual([expect.objectContaining({ condition: 'grid_owner_approval_required', source: expect.stringContaining('guidance') })]);
    });
    it('is refused when the antenna would not stay the safety distance below the conductors, and is never extended', () => {
      // 32 m conductors less 3 m leave 29 m for a 30 m antenna
      expect(assessCandidate(pylon({ conductorHeightM: 32 }), demand, 0)).toMatchObject({ option: null, reasons: ['too_close_to_conductors'] });
      // conductors at 37 m: a 500 kV line keeps 5 m (32 m left), a 750 kV line 8 m (29 m left, too low for 30 m)
      expect(assessCandidate(pylon({ voltageKv: 500, conductorHeightM: 37 }), demand, 0).option).toBe('share');
      expect(assessCandidate(pylon({ voltageKv: 750, conductorHeightM: 37 }), demand, 0).reasons).toEqual(['too_close_to_conductors']);
    });
    it('takes only the mounts and load the owner allows: two mounts, 150 kg where none is recorded; no platform or reinforcement', () => {
      expect(assessCandidate(pylon({ slotsUsed: 2 }), demand, 0)).toMatchObject({ option: null, reasons: ['no_free_slot'] });
      expect(assessCandidate(pylon({ loadUsedKg: 100 }), demand, 0)).toMatchObject({ option: null, reasons: ['load_exceeded'] });
      expect(assessCandidate(pylon({ loadCapacityKg: 400, loadUsedKg: 100 }), demand, 0).option).toBe('share');
    });
  });
  it('shares a tower with a free slot, enough load and height', () => {
    expect(assessCandidate(tower(), demand, 0)).toMatchObject({ feasible: true, option: 'share', reasons: [] });
  });
  it('upgrades a full monopole when one more platform fits, and refuses a full rooftop', () => {
    expect(assessCandidate(tower({ slotsUsed: 4 }), demand, 0)).toMatchObject({ option: 'upgrade', reasons: ['no_free_slot'] });
    expect(assessCandidate(tower({ kind: 'rooftop', slotsUsed: 4 }), demand, 0)).toMatchObject({ feasible: false, option: null, reasons: ['no_free_slot'] });
  });
  it('extends a tower that is a little too low, not one far too low', () => {
    expect(assessCandidate(tower({ heightM: 27 }), demand, 0)).toMatchObject({ option: 'upgrade', reasons: ['too_low'] });
    expect(assessCandidate(tower({ heightM: 20 }), demand, 0)).toMatchObject({ option: null, reasons: ['too_low'] });
  });
  it('names every shortfall of a lamp pole asked to carry a macro cell', () => {
    const r = assessCandidate(tower({ kind: 'street_lamp_pole', heightM: 10, slotsTotal: 1, slotsUsed: 0, loadCapacityKg: 40, loadUsedKg: 0 }), demand, 0);
    expect(r.feasible).toBe(false);
    expect(r.reasons).toEqual(expect.arrayContaining(['unsuitable_kind', 'load_exceeded', 'too_low']));
  });
  it('does not offer a structure the operator already uses for this technology, one outside the ring, or one not built', () => {
    expect(assessCandidate(tower({ operatorTechnologies: ['china-mobile/5G'] }), demand, 0).reasons).toEqual(['already_hosts_operator']);
    expect(assessCandidate(tower({ distanceM: 600 }), demand, 0)).toMatchObject({ feasible: false, reasons: ['outside_ring'] });
    expect(assessCandidate(tower({ status: 'planned' }), demand, 0)).toMatchObject({ feasible: false, reasons: ['not_built'] });
  });
  it('offers an approved smart pole from multi-pole integration, but not the poles it replaces', () => {
    expect(assessCandidate(tower({ status: 'approved' }), demand, 0)).toMatchObject({ feasible: true, option: 'share' });
    expect(assessCandidate(tower({ replacedBy: 42 }), demand, 0)).toMatchObject({ feasible: false, reasons: ['replaced_by_smart_pole'] });
  });
  it('puts indoor demands only on indoor systems, and street furniture only under small cells', () => {
    expect(suitableKind('indoor_distribution', { ...demand, indoor: true })).toBe(true);
    expect(suitableKind('monopole', { ...demand, indoor: true })).toBe(false);
    expect(suitableKind('smart_pole', { ...demand, antennaHeightM: 10 })).toBe(true);
    expect(suitableKind('smart_pole', demand)).toBe(false);
  });
  it('scores nearer, fitter, free-access candidates higher and shows the breakdown', () => {
    const near = assessCandidate(tower({ id: 1, distanceM: 50 }), demand, 0);
    const far = assessCandidate(tower({ id: 2, distanceM: 400 }), demand, 0);
    expect(near.score).toBeGreaterThan(far.score);
    expect(Object.keys(near.scoreBreakdown).sort()).toEqual(['access', 'cost', 'coverageGain', 'distance', 'heightFit']);
    const publicRoof = assessCandidate(tower({ id: 3, kind: 'rooftop', publicInstitution: true }), demand, 0);
    const rentedRoof = assessCandidate(tower({ id: 4, kind: 'rooftop', publicInstitution: false }), demand, 0);
    expect(publicRoof.score).toBeGreaterThan(rentedRoof.score);
  });
  it('decides share over upgrade over new build', () => {
    const share = assessCandidate(tower({ id: 1 }), demand, 0);
    const upgrade = assessCandidate(tower({ id: 2, slotsUsed: 4 }), demand, 0);
    const none = assessCandidate(tower({ id: 3, kind: 'rooftop', slotsUsed: 4 }), demand, 0);
    expect(decide(rank([none, upgrade, share]))).toBe('share');
    expect(decide(rank([none, upgrade]))).toBe('upgrade');
    expect(decide(rank([none]))).toBe('new_build');
  });
});

describe('a capacity demand: a band or sector on the serving site, then on a neighbour, before sharing elsewhere or a new build', () => {
  const capacity: Demand = { ...demand, reason: 'capacity', servingStructureId: 7, bandMHz: 4900 };
  const mine = { operatorTechnologies: ['china-mobile/5G'], operatorBands: ['china-mobile/5G/2600'] };
  const serving = (over: Partial<StructureFacts> = {}) => tower({ id: 7, distanceM: 900, ...mine, ...over });

  it('adds a band on the serving site’s antennas even outside the ring and with no free slot', () => {
    const a = assessCandidate(serving({ slotsUsed: 4, kind: 'rooftop' }), capacity, 0);
    expect(a).toMatchObject({ feasible: true, option: 'share', reasons: ['add_band_on_serving_site'] });
  });

  it('adds a sector there when the band is already on it, which takes a free slot (or an upgrade)', () => {
    const sameBand = { ...capacity, bandMHz: 2600 };
    expect(assessCandidate(serving(), sameBand, 0)).toMatchObject({ option: 'share', reasons: ['add_sector_on_serving_site'] });
    expect(assessCandidate(serving({ slotsUsed: 4 }), sameBand, 0)).toMatchObject({
      option: 'upgrade',
      reasons: ['add_sector_on_serving_site', 'no_free_slot'],
    });
    expect(assessCandidate(serving({ slotsUsed: 4, kind: 'rooftop' }), sameBand, 0)).toMatchObject({
      feasible: false,
      reasons: ['add_sector_on_serving_site', 'no_free_slot'],
    });
  });

  it('ranks the serving site first and decides on it, ahead of a plain share nearer by and of any new build', () => {
    const sameBand = { ...capacity, bandMHz: 2600 };
    const other = tower({ id: 3, distanceM: 20 });
    const neighbour = tower({ id: 5, distanceM: 200, ...mine });
    const ranked = rank([other, neighbour, serving({ slotsUsed: 4 })].map((f) => assessCandidate(f, sameBand, 0)));
    expect(ranked.map((c) => [c.structureId, c.option, c.reasons[0] ?? null])).toEqual([
      [7, 'upgrade', 'add_sector_on_serving_site'],
      [5, 'share', 'add_sector_on_neighbour'],
      [3, 'share', null],
    ]);
    expect(decide(ranked)).toBe('upgrade');
  });

  it('turns to a neighbour where the operator radiates when the serving site cannot take it', () => {
    const sameBand = { ...capacity, bandMHz: 2600 };
    const ranked = rank(
      [tower({ id: 3, distanceM: 20 }), tower({ id: 5, distanceM: 200, ...mine }), serving({ slotsUsed: 4, kind: 'rooftop' })].map((f) =>
        assessCandidate(f, sameBand, 0),
      ),
    );
    expect(ranked[0]).toMatchObject({ structureId: 5, option: 'share', reasons: ['add_sector_on_neighbour'] });
    expect(decide(ranked)).toBe('share');
  });

  it('leaves a coverage demand as it was: the operator’s own site is no candidate', () => {
    expect(assessCandidate(serving({ distanceM: 100 }), { ...demand, servingStructureId: 7 }, 0)).toMatchObject({
      feasible: false,
      reasons: ['already_hosts_operator'],
    });
  });
});
