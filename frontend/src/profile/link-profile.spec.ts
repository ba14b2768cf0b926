import { describe, expect, it } from 'vitest';
import { type LinkProfile, NEW_PROFILE, placeEnd, profileFeatures, profileQuery, structureAntennaHeightM } from './link-profile';
import { elevationDomain, niceTicks, profileChartSvg } from './profile-chart';

const A = { lon: 106.37, lat: 29.64 };
const B = { lon: 106.45, lat: 29.64 };

/** A 2 km link over flat ground at 300 m with a 60 m hill in the middle, antennas 30 m and 10 m. */
function hillProfile(): LinkProfile {
  const n = 21;
  const samples = Array.from({ length: n }, (_, i) => {
    const d = i * 100;
    const ground = i === 10 ? 360 : 300;
    const los = 330 + ((310 - 330) * d) / 2000;
    const fresnel = Math.sqrt((0.0857 * d * (2000 - d)) / 2000);
    return { distanceM: d, groundM: ground, bulgedM: ground, losM: los, fresnelM: fresnel, clearanceM: los - ground };
  });
  return {
    distanceM: 2000,
    spacingM: 100,
    frequencyMHz: 3500,
    model: '3gpp-uma',
    from: { ...A, heightM: 30, groundM: 300 },
    to: { ...B, heightM: 10, groundM: 300 },
    samples,
    minClearance: { distanceM: 1000, clearanceM: -40, fractionOfF1: -4.3 },
    edges: [{ distanceM: 1000, heightM: 360, v: 9.1, lossDb: 31.2 }],
    los: false,
    verdict: 'obstructed',
    diffractionLossDb: 31.2,
    pathLoss: { pathLossDb: 140, model: '3gpp-uma', los: false, valid: true, outOfRange: [] },
    clutter: null,
    clutterScreens: false,
    clutterLossDb: 0,
    totalLossDb: 171.2,
  };
}

describe('link-profile tool', () => {
  it('places the start, then the end, and a third click starts a new link', () => {
    const one = placeEnd(NEW_PROFILE, A);
    expect(one.placed).toBe('from');
    expect(profileQuery(one.tool)).toBeNull();
    const two = placeEnd(one.tool, B);
    expect(two.placed).toBe('to');
    expect([two.tool.from, two.tool.to]).toEqual([A, B]);
    const three = placeEnd({ ...two.tool, result: hillProfile() }, B);
    expect(three.placed).toBe('from');
    expect(three.tool.to).toBeNull();
    expect(three.tool.result).toBeNull();
  });

  it('asks the API with both ends as lon,lat,height, the frequency and the model', () => {
    const q = profileQuery({ ...NEW_PROFILE, from: A, to: B, txHeightM: 42, rxHeightM: 1.5, frequencyMHz: 2600, model: 'itm' });
    expect(q).toEqual({ from: '106.37,29.64,42', to: '106.45,29.64,1.5', frequencyMHz: 2600, model: 'itm' });
  });

  it("takes a structure's tallest antenna, else the structure's height", () => {
    expect(structureAntennaHeightM(40, [25, 35.5, null])).toBe(35.5);
    expect(structureAntennaHeightM(40, [])).toBe(40);
    expect(structureAntennaHeightM(null, [])).toBeNull();
  });

  it('draws the link coloured by its verdict, both ends, and the edges along it', () => {
    expect(profileFeatures(null).features).toEqual([]);
    const fc = profileFeatures({ ...NEW_PROFILE, from: A, to: B, result: hillProfile() });
    const link = fc.features.find((f) => f.properties?.role === 'link')!;
    expect(link.properties?.verdict).toBe('obstructed');
    expect(fc.features.filter((f) => f.properties?.role === 'end').map((f) => f.properties?.label)).toEqual(['A', 'B']);
    const [edge] = fc.features.filter((f) => f.properties?.role === 'edge');
    // the edge is halfway along the 2 km link
    expect((edge.geometry as { coordinates: number[] }).coordinates[0]).toBeCloseTo(106.41, 6);
    // only a start: no link yet
    expect(profileFeatures({ ...NEW_PROFILE, from: A }).features.map((f) => f.properties?.role)).toEqual(['end']);
  });
});

describe('profile chart', () => {
  it('ticks at round steps that cover the range when asked to', () => {
    expect(niceTicks(0, 9.67, 5)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(283, 712, 5, true)).toEqual([200, 300, 400, 500, 600, 700, 800]);
    expect(niceTicks(0, 1.1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('shows from the lowest ground to the top of the Fresnel zone', () => {
    const p = hillProfile();
    const [lo, hi] = elevationDomain(p.samples);
    expect(lo).toBeLessThan(300);
    const top = Math.max(...p.samples.map((s) => s.losM + s.fresnelM));
    expect(hi).toBeGreaterThan(top);
  });

  it('draws the terrain, the line of sight, the Fresnel zone with its 60 % lines, the edge and the least clearance', () => {
    const svg = profileChartSvg(hillProfile(), { distanceKm: 'distance (km)', elevationM: 'elevation (m)', minClearance: 'Least clearance' });
    for (const cls of ['terrain', 'ground', 'fresnel-zone', 'los-line', 'edge', 'min-clearance']) expect(svg).toContain(`class="${cls}"`);
    expect(svg.match(/class="fresnel-60"/g)).toHaveLength(2);
    expect(svg).toContain('31.2 dB');
    // the least clearance marked where the API found it, from the ground up to the line of sight (in the middle)
    expect(svg).toMatch(/<g class="min-clearance" data-distance-m="1000"[^>]*><title>Least clearance -40.0 m<\/title><line x1="(\d+(\.\d)?)" x2="\1"/);
    expect(svg).toContain('>distance (km)<');
    // the x axis is labelled in km: 0 to 2 km
    expect(svg).toMatch(/<g class="x-axis"><text[^>]*>0<\/text>.*>2<\/text><\/g>/);
  });
});
