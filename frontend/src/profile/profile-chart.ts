import type { LinkProfile, ProfileSample } from './link-profile';

/** The chart's colours, shared with the legend the panel draws under it. */
export const PROFILE_COLOURS = {
  terrain: '#d9c29a',
  terrainEdge: '#8c6d3f',
  ground: '#5a4426',
  los: '#08306b',
  fresnel: '#4292c6',
  edge: '#cb181d',
  minClearance: '#d95f02',
  mast: '#252525',
};

export interface ProfileChartLabels {
  /** Axis titles, e.g. "distance (km)", "elevation (m)". */
  distanceKm: string;
  elevationM: string;
  minClearance: string;
}

/**
 * Round tick values covering [min, max] at a 1-2-5 step giving about `count` ticks; the first tick is at or below
 * min and the last at or above max when `cover`, else every tick lies within [min, max].
 */
export function niceTicks(min: number, max: number, count = 5, cover = false): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const eps = step * 1e-9;
  const first = cover ? Math.floor((min + eps) / step) * step : Math.ceil((min - eps) / step) * step;
  const last = cover ? Math.ceil((max - eps) / step) * step : Math.floor((max + eps) / step) * step;
  const ticks: number[] = [];
  // rounded to the step's decimals so 0.1 + 0.2 prints as 0.3
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let v = first; v <= last + eps; v += step) ticks.push(Number(v.toFixed(decimals)));
  return ticks;
}

/** The sample nearest to `distanceM` (samples are evenly spaced from 0). */
export function sampleAt(samples: ProfileSample[], distanceM: number): ProfileSample {
  const spacing = samples.length > 1 ? samples[1].distanceM - samples[0].distanceM : 1;
  const i = Math.round(distanceM / (spacing || 1));
  return samples[Math.min(samples.length - 1, Math.max(0, i))];
}

/**
 * Elevation range the chart shows: the lowest ground to the top of the Fresnel zone, with a margin, and room above
 * for `labelLines` lines of edge labels.
 */
export function elevationDomain(samples: ProfileSample[], labelLines = 0): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of samples) {
    lo = Math.min(lo, s.groundM, s.bulgedM, s.losM - s.fresnelM);
    hi = Math.max(hi, s.groundM, s.bulgedM, s.losM + s.fresnelM);
  }
  const pad = Math.max(5, (hi - lo) * 0.06);
  return [lo - pad, hi + pad + (hi - lo) * 0.06 * labelLines];
}

const escapeXml = (v: string) => v.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const f1 = (x: number) => Math.round(x * 10) / 10;
const fmtKm = (km: number) => (Number.isInteger(km) ? String(km) : km.toFixed(km < 1 ? 2 : 1).replace(/0+$/, ''));

/**
 * The link's elevation chart as an SVG string (pure): ground with the earth bulge (k = 4/3) filled, the bare ground
 * dotted, the masts, the line of sight, the first Fresnel zone shaded around it with its 60 % boundary dashed, the
 * diffraction edges and the point of least clearance marked; distance in km, elevation in m.
 */
export function profileChartSvg(p: LinkProfile, labels: ProfileChartLabels, width = 360, height = 240): string {
  const s = p.samples;
  const C = PROFILE_COLOURS;
  const m = { left: 46, right: 12, top: 14, bottom: 34 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const yTicks = niceTicks(...elevationDomain(s, p.edges.length), 5, true);
  const [y0, y1] = [yTicks[0], yTicks[yTicks.length - 1]];
  const total = p.distanceM || s[s.length - 1]?.distanceM || 1;
  const X = (d: number) => f1(m.left + (d / total) * w);
  const Y = (e: number) => f1(m.top + h - ((e - y0) / (y1 - y0)) * h);
  const line = (pts: [number, number][]) => pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x} ${y}`).join('');
  const path = (key: (q: ProfileSample) => number) => line(s.map((q) => [X(q.distanceM), Y(key(q))]));

  const xTicks = niceTicks(0, total / 1000, 5);
  const grid = [
    ...yTicks.map((v) => `<line x1="${m.left}" x2="${m.left + w}" y1="${Y(v)}" y2="${Y(v)}" />`),
    ...xTicks.map((v) => `<line x1="${X(v * 1000)}" x2="${X(v * 1000)}" y1="${m.top}" y2="${m.top + h}" />`),
  ].join('');
  const yAxis = yTicks.map((v) => `<text x="${m.left - 4}" y="${Y(v) + 3.5}" text-anchor="end">${v}</text>`).join('');
  const xAxis = xTicks.map((v) => `<text x="${X(v * 1000)}" y="${m.top + h + 13}" text-anchor="middle">${fmtKm(v)}</text>`).join('');

  const last = s[s.length - 1];
  const bottom = Y(y0);
  const terrain = `${path((q) => q.bulgedM)}L${X(last.distanceM)} ${bottom}L${X(0)} ${bottom}Z`;
  const fresnelTop = s.map((q) => [X(q.distanceM), Y(q.losM + q.fresnelM)] as [number, number]);
  const fresnelBottom = s.map((q) => [X(q.distanceM), Y(q.losM - q.fresnelM)] as [number, number]).reverse();
  const zone = `${line([...fresnelTop, ...fresnelBottom])}Z`;
  const masts = [
    `<line x1="${X(0)}" x2="${X(0)}" y1="${Y(s[0].bulgedM)}" y2="${Y(s[0].losM)}" />`,
    `<line x1="${X(last.distanceM)}" x2="${X(last.distanceM)}" y1="${Y(last.bulgedM)}" y2="${Y(last.losM)}" />`,
  ].join('');
  const endLabels = `<text x="${X(0) + 3}" y="${Y(s[0].losM) - 4}">A</text><text x="${X(last.distanceM) - 3}" y="${Y(last.losM) - 4}" text-anchor="end">B</text>`;

  // edge labels left to right; one closer than a label's width to the previous one is raised a line above it
  let prevX = -Infinity;
  let prevLabelY = Infinity;
  const edges = [...p.edges]
    .sort((a, b) => a.distanceM - b.distanceM)
    .map((e) => {
      const at = sampleAt(s, e.distanceM);
      const x = X(e.distanceM);
      const y = Y(at.bulgedM);
      let labelY = y - 12;
      if (x - prevX < 40) labelY = Math.min(labelY, prevLabelY - 11);
      [prevX, prevLabelY] = [x, labelY];
      return `<g class="edge" data-distance-m="${e.distanceM}"><path d="M${x} ${y}l-5 -9h10z" /><text x="${x}" y="${f1(Math.max(m.top - 4, labelY))}" text-anchor="middle" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${e.lossDb.toFixed(1)} dB</text></g>`;
    })
    .join('');

  // marked, not labelled: the figure is in the panel's table, and a label here crowds the zone on short links
  let minMark = '';
  if (p.minClearance) {
    const at = sampleAt(s, p.minClearance.distanceM);
    const x = X(p.minClearance.distanceM);
    const [ya, yb] = [Y(at.bulgedM), Y(at.losM)];
    minMark = `<g class="min-clearance" data-distance-m="${p.minClearance.distanceM}" fill="${C.minClearance}" stroke="${C.minClearance}"><title>${escapeXml(labels.minClearance)} ${p.minClearance.clearanceM.toFixed(1)} m</title><line x1="${x}" x2="${x}" y1="${ya}" y2="${yb}" stroke-width="2" /><circle cx="${x}" cy="${ya}" r="3.5" stroke="#fff" stroke-width="1" /></g>`;
  }

  return `<svg class="profile-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" data-samples="${s.length}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="10">
  <g class="grid" stroke="#e6e6e6" stroke-width="1">${grid}</g>
  <path class="terrain" d="${terrain}" fill="${C.terrain}" stroke="${C.terrainEdge}" stroke-width="1" />
  <path class="ground" d="${path((q) => q.groundM)}" fill="none" stroke="${C.ground}" stroke-width="1" stroke-dasharray="1.5 2" />
  <path class="fresnel-zone" d="${zone}" fill="${C.fresnel}" fill-opacity="0.3" stroke="${C.fresnel}" stroke-width="0.8" />
  <path class="fresnel-60" d="${path((q) => q.losM - 0.6 * q.fresnelM)}" fill="none" stroke="${C.fresnel}" stroke-width="1.2" stroke-dasharray="5 3" />
  <path class="fresnel-60" d="${path((q) => q.losM + 0.6 * q.fresnelM)}" fill="none" stroke="${C.fresnel}" stroke-width="1.2" stroke-dasharray="5 3" />
  <g class="masts" stroke="${C.mast}" stroke-width="2">${masts}</g>
  <path class="los-line" d="${line([
    [X(0), Y(s[0].losM)],
    [X(last.distanceM), Y(last.losM)],
  ])}" stroke="${C.los}" stroke-width="1.6" fill="none" />
  <g class="edges" fill="${C.edge}" font-weight="bold">${edges}</g>
  ${minMark}
  <g class="end-labels" font-weight="bold" fill="${C.mast}">${endLabels}</g>
  <g class="axes" fill="#333">
    <line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + h}" stroke="#666" />
    <line x1="${m.left}" x2="${m.left + w}" y1="${m.top + h}" y2="${m.top + h}" stroke="#666" />
    <g class="y-axis">${yAxis}</g><g class="x-axis">${xAxis}</g>
    <text class="x-title" x="${m.left + w / 2}" y="${height - 4}" text-anchor="middle">${escapeXml(labels.distanceKm)}</text>
    <text class="y-title" transform="translate(11 ${m.top + h / 2}) rotate(-90)" text-anchor="middle">${escapeXml(labels.elevationM)}</text>
  </g>
</svg>`;
}
