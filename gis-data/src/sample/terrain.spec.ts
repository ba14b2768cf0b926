import { generateSampleTerrain, makeSampleTerrainModel, SAMPLE_RIDGES, SAMPLE_TERRAIN_ARC_SECONDS } from './terrain';

describe('the modelled sample terrain', () => {
  const h = makeSampleTerrainModel();

  it('cuts the rivers down to their water level and raises the Yuzhong peninsula between them', () => {
    expect(h(106.5875, 29.5665)).toBeLessThan(200); // Chaotianmen, where the Jialing meets the Yangtze
    expect(h(106.552, 29.538)).toBeLessThan(200); // the Yangtze off Yuzhong
    expect(h(106.49, 29.572)).toBeLessThan(200); // the Jialing below Huaxinzui
    for (const [lon, lat] of [
      [106.53, 29.556],
      [106.577, 29.5575],
    ]) {
      expect(h(lon, lat)).toBeGreaterThan(250); // Eling, Jiefangbei
      expect(h(lon, lat)).toBeLessThan(400);
    }
  });

  it('raises the four NNE–SSW ridges well above the plateau between them', () => {
    const crest = (name: string, k: number) => SAMPLE_RIDGES.find((r) => r.name === name)!.crest[k];
    expect(h(...crest('Jinyun Shan', 2))).toBeGreaterThan(850);
    expect(h(...crest('Zhongliang Shan', 2))).toBeGreaterThan(550);
    expect(h(...crest('Tongluo Shan', 2))).toBeGreaterThan(600);
    expect(h(...crest('Mingyue Shan', 2))).toBeGreaterThan(750);
    // Shapingba's town centre lies in the trough between Zhongliang and the Jialing
    expect(h(106.457, 29.541)).toBeLessThan(400);
    // a ridge runs NNE–SSW: 4 km east of the Zhongliang crest the ground is back near the plateau
    const [lon, lat] = crest('Zhongliang Shan', 2);
    expect(h(lon + 0.045, lat)).toBeLessThan(h(lon, lat) - 200);
  });

  it('is seeded: the same grid on every run, heights at 3″ rows from the south', () => {
    expect(makeSampleTerrainModel()(106.3, 29.3)).toBe(h(106.3, 29.3));
    expect(SAMPLE_TERRAIN_ARC_SECONDS).toBe(3);
    const g = generateSampleTerrain(undefined, { west: 106.5, south: 29.5, east: 106.52, north: 29.52 });
    expect([g.cols, g.rows]).toEqual([25, 25]);
    expect(g.heights[0]).toBeCloseTo(h(106.5, 29.5), 3);
    expect(g.heights[24 * 25 + 24]).toBeCloseTo(h(106.52, 29.52), 3);
  });
});
