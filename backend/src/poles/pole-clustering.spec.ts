import { clusterKerbPoles, type KerbPole, proposeSmartPole, summarise } from './pole-clustering';

// A street running east along lat 29.5 from lon 106.5: 1 m ≈ 1/96,900 degree of longitude there.
const lonAt = (m: number) => 106.5 + m / (111_320 * Math.cos((29.5 * Math.PI) / 180));
let nextId = 1;
const pole = (alongM: number, over: Partial<KerbPole> = {}): KerbPole => ({
  id: nextId++,
  kind: 'street_lamp_pole',
  ownerId: 'cq-lighting',
  slotsTotal: 1,
  heightM: 10,
  districtId: 500103,
  streetId: 1,
  side: 1,
  alongM,
  crossesFromPrevious: false,
  lon: lonAt(alongM),
  lat: 29.5 + 11 / 111_320,
  ...over,
});

describe('clusterKerbPoles', () => {
  it('merges poles on one kerb within the distance, and leaves a lone pole alone', () => {
    const poles = [pole(0), pole(8, { kind: 'camera_pole', ownerId: 'cq-public-security' }), pole(20, { kind: 'traffic_sign_pole' }), pole(100)];
    const clusters = clusterKerbPoles(poles, 25);
    expect(clusters).toHaveLength(1);
    expect(clusters[0].poles.map((p) => p.alongM)).toEqual([0, 8, 20]);
  });

  it('keeps every member within the distance of the others: a row of lamps 20 m apart is not one cluster', () => {
    const row = [0, 20, 40, 60, 80].map((m) => pole(m));
    const clusters = clusterKerbPoles(row, 25);
    expect(clusters.map((c) => c.poles.map((p) => p.alongM))).toEqual([
      [0, 20],
      [40, 60],
    ]);
    for (const c of clusters) expect(c.poles[c.poles.length - 1].alongM - c.poles[0].alongM).toBeLessThanOrEqual(25);
  });

  it('never merges the two sides of a street, nor across another street or a river', () => {
    const twoSides = [pole(0, { side: 1 }), pole(5, { side: -1 })];
    expect(clusterKerbPoles(twoSides, 25)).toEqual([]);
    const acrossRiver = [pole(0), pole(15, { crossesFromPrevious: true })];
    expect(clusterKerbPoles(acrossRiver, 25)).toEqual([]);
  });
});

describe('proposeSmartPole', () => {
  it('stands on the middle pole, carries every function, keeps the slots, and lists the owners to coordinate', () => {
    const c = clusterKerbPoles(
      [
        pole(0, { slotsTotal: 0 }),
        pole(6, { kind: 'camera_pole', ownerId: 'cq-public-security', slotsTotal: 1 }),
        pole(14, { kind: 'utility_pole', ownerId: 'state-grid-cq', slotsTotal: 2, heightM: 15 }),
      ],
      25,
    )[0];
    const p = proposeSmartPole(c, { slots: 3, heightM: 12 });
    expect(p.sitePoleId).toBe(c.poles[1].id);
    expect(p.functions).toEqual(['camera', 'lighting', 'small_cell', 'utility_lines']);
    expect(p.owners).toEqual(['cq-lighting', 'cq-public-security', 'state-grid-cq']);
    expect(p).toMatchObject({ existingSmartPole: false, polesRemoved: 3, slotsBefore: 3, slotsAfter: 3, heightM: 15 });
  });

  it('builds on a smart pole already standing in the cluster, which stays', () => {
    const c = clusterKerbPoles([pole(0), pole(10, { kind: 'smart_pole', ownerId: 'china-tower', slotsTotal: 3 })], 25)[0];
    expect(proposeSmartPole(c, { slots: 3, heightM: 12 })).toMatchObject({
      sitePoleId: c.poles[1].id,
      existingSmartPole: true,
      polesRemoved: 1,
      slotsAfter: 4,
    });
  });
});

describe('summarise', () => {
  it('counts poles before and after, and holds the share removed against "more than half"', () => {
    const triple = proposeSmartPole(clusterKerbPoles([pole(0), pole(5), pole(10)], 25)[0], { slots: 3, heightM: 12 });
    const pair = proposeSmartPole(clusterKerbPoles([pole(200), pole(205)], 25)[0], { slots: 3, heightM: 12 });
    const [d] = summarise(
      new Map([[500103, 10]]),
      [
        { ...triple, smallCellDemands: 1 },
        { ...pair, smallCellDemands: 0 },
      ],
      0.5,
    );
    // 5 poles in clusters become 2 smart poles: 3 fewer poles of 10
    expect(d).toMatchObject({
      polesBefore: 10,
      polesInClusters: 5,
      polesRemoved: 5,
      smartPolesProposed: 2,
      polesAfter: 7,
      clusteredReductionShare: 0.6,
      overallReductionShare: 0.3,
      smallCellSitesGained: 1,
      meetsPolicy: true,
    });
    const [pairsOnly] = summarise(new Map([[500103, 2]]), [{ ...pair, smallCellDemands: 0 }], 0.5);
    expect(pairsOnly).toMatchObject({ clusteredReductionShare: 0.5, meetsPolicy: false });
  });
});
