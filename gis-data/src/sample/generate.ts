import * as turf from '@turf/turf';
import type { Feature as GeoFeature, Polygon, MultiPolygon } from 'geojson';
import { latLngToCell, polygonToCells, cellToBoundary, cellToLatLng } from 'h3-js';
import { Rng } from './rng';
import { ORGANISATIONS, OPERATOR_IDS, type OperatorId } from './organisations';
import { CORE_DISTRICTS, type DistrictInput, type KeySiteInput, type RiverInput, readDistricts, readKeySites, readRivers } from './real-data';
import { environmentAt, metresToDeg, urbanIntensity, type Environment } from './urban-model';

/**
 * The synthetic inventory of the nine central districts, deterministic for a seed. Scale follows public
 * figures: ~45,000 5G tenancies (47.8 base stations per 10,000 residents over ~10 million people) on
 * ~25,000 antenna structures (~1.8 tenants a tower), plus street furniture along a generated street grid.
 */
export const GENERATOR_VERSION = 'cq-sample-5'; // 4: organisations' contacts; 5: poles on both kerbs of main streets, companion poles
export const POPULATION_H3_RESOLUTION = 9;

export interface GenerateOptions {
  seed: number;
  /** Antenna-bearing structures (towers, monopoles, rooftops, smart poles, indoor systems…). */
  antennaStructures: number;
  /** Street-furniture poles along generated streets (approximate). */
  streetPoleSpacingScale: number;
  /** Only these districts get generated inventory (default: the nine central ones). */
  districts?: number[];
}

export const FULL_SAMPLE: GenerateOptions = { seed: 20201101, antennaStructures: 25_000, streetPoleSpacingScale: 1 };
/** A small city for tests: same model, one district, fewer sites. */
export const TEST_SAMPLE: GenerateOptions = { seed: 7, antennaStructures: 600, streetPoleSpacingScale: 4, districts: [500103, 500105] };

type Pos = [number, number];
interface Row {
  properties: Record<string, unknown>;
  geometry?: { type: string; coordinates: unknown };
}

export interface SampleCity {
  organisations: typeof ORGANISATIONS;
  districts: DistrictInput[];
  rivers: { code: string; nameZh: string; nameEn: string; coordinates: number[][][][] }[];
  streets: { code: string; nameZh: string; nameEn: string; class: 'primary' | 'secondary' | 'local'; districtId: number | null; line: Pos[] }[];
  keySites: Row[];
  overlays: Row[];
  structures: Row[];
  tenancies: Row[];
  routes: Row[];
  populationCells: { h3: string; districtId: number; population: number; ring: Pos[] }[];
}

// ---------- helpers ----------

class PolygonIndex<T> {
  private items: { bbox: number[]; feature: GeoFeature<Polygon | MultiPolygon>; value: T }[] = [];
  add(feature: GeoFeature<Polygon | MultiPolygon>, value: T): void {
    this.items.push({ bbox: turf.bbox(feature), feature, value });
  }
  find(p: Pos): T | undefined {
    for (const it of this.items) {
      const b = it.bbox;
      if (p[0] < b[0] || p[0] > b[2] || p[1] < b[1] || p[1] > b[3]) continue;
      if (turf.booleanPointInPolygon(p, it.feature)) return it.value;
    }
    return undefined;
  }
}

/** Spatial hash for minimum spacing between generated sites. */
class SpacingGrid {
  private cells = new Map<string, Pos[]>();
  constructor(private readonly cellDeg: number) {}
  private key(x: number, y: number) {
    return `${x},${y}`;
  }
  tooClose(p: Pos, minM: number): boolean {
    const cx = Math.floor(p[0] / this.cellDeg);
    const cy = Math.floor(p[1] / this.cellDeg);
    const dLon = metresToDeg.lon(minM);
    const dLat = metresToDeg.lat(minM);
    for (let x = cx - 1; x <= cx + 1; x++)
      for (let y = cy - 1; y <= cy + 1; y++)
        for (const q of this.cells.get(this.key(x, y)) ?? []) {
          const a = (p[0] - q[0]) / dLon;
          const b = (p[1] - q[1]) / dLat;
          if (a * a + b * b < 1) return true;
        }
    return false;
  }
  add(p: Pos): void {
    const k = this.key(Math.floor(p[0] / this.cellDeg), Math.floor(p[1] / this.cellDeg));
    const list = this.cells.get(k) ?? [];
    list.push(p);
    this.cells.set(k, list);
  }
}

const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;
const rp = (p: Pos): Pos => [round(p[0]), round(p[1])];

function circle(center: Pos, radiusM: number, steps = 24): number[][][] {
  return turf.circle(center, radiusM / 1000, { steps, units: 'kilometers' }).geometry.coordinates.map((ring) => ring.map((q) => rp(q as Pos)));
}

function rectangle(center: Pos, wM: number, hM: number, angleDeg: number): number[][][] {
  const a = (angleDeg * Math.PI) / 180;
  const corners: Pos[] = [
    [-wM / 2, -hM / 2],
    [wM / 2, -hM / 2],
    [wM / 2, hM / 2],
    [-wM / 2, hM / 2],
  ].map(([x, y]) => {
    const rx = x * Math.cos(a) - y * Math.sin(a);
    const ry = x * Math.sin(a) + y * Math.cos(a);
    return rp([center[0] + metresToDeg.lon(rx), center[1] + metresToDeg.lat(ry)]);
  });
  return [[...corners, corners[0]]];
}

/** A line shifted sideways by offsetM (positive = right of travel). */
function offsetLine(line: Pos[], offsetM: number): Pos[] {
  return line.map((p, k) => {
    const a = line[Math.max(k - 1, 0)];
    const b = line[Math.min(k + 1, line.length - 1)];
    const dx = (b[0] - a[0]) / metresToDeg.lon(1);
    const dy = (b[1] - a[1]) / metresToDeg.lat(1);
    const len = Math.hypot(dx, dy) || 1;
    return rp([p[0] + metresToDeg.lon((dy / len) * offsetM), p[1] - metresToDeg.lat((dx / len) * offsetM)]);
  });
}

function lengthM(line: Pos[]): number {
  let s = 0;
  for (let k = 1; k < line.length; k++) s += Math.hypot((line[k][0] - line[k - 1][0]) / metresToDeg.lon(1), (line[k][1] - line[k - 1][1]) / metresToDeg.lat(1));
  return s;
}

// ---------- the generator ----------

export function generateSampleCity(opts: GenerateOptions): SampleCity {
  const rng = new Rng(opts.seed);
  const districts = readDistricts();
  const generatedIn = opts.districts ?? CORE_DISTRICTS;
  const core = districts.filter((d) => generatedIn.includes(d.id));

  const districtIndex = new PolygonIndex<number>();
  for (const d of core) districtIndex.add(turf.multiPolygon(d.coordinates), d.id);
  const allDistrictIndex = new PolygonIndex<number>();
  for (const d of districts) allDistrictIndex.add(turf.multiPolygon(d.coordinates), d.id);

  const riverInputs = readRivers();
  const riverIndex = new PolygonIndex<string>();
  const rivers = riverInputs.map((r: RiverInput) => {
    const poly = turf.buffer(turf.lineString(r.line), r.widthM / 2, { units: 'meters', steps: 6 })!;
    // Nothing is generated within 15 m of the water's edge (and rounding cannot put a site in the river).
    riverIndex.add(turf.buffer(turf.lineString(r.line), r.widthM / 2 + 15, { units: 'meters', steps: 6 }) as never, r.code);
    const coords = poly.geometry.type === 'Polygon' ? [poly.geometry.coordinates] : (poly.geometry.coordinates as number[][][][]);
    return { code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, coordinates: coords.map((pg) => pg.map((ring) => ring.map((q) => rp(q as Pos)))) };
  });
  const inWater = (p: Pos) => riverIndex.find(p) !== undefined;
  const onLand = (p: Pos) => districtIndex.find(p) !== undefined && !inWater(p);

  const bbox = core.reduce(
    (b, d) => {
      const bb = turf.bbox(turf.multiPolygon(d.coordinates));
      return [Math.min(b[0], bb[0]), Math.min(b[1], bb[1]), Math.max(b[2], bb[2]), Math.max(b[3], bb[3])];
    },
    [Infinity, Infinity, -Infinity, -Infinity],
  );

  // ---- streets: a jittered 400 m grid; denser classes only where the city is ----
  const streets: SampleCity['streets'] = [];
  const stepLon = metresToDeg.lon(400);
  const stepLat = metresToDeg.lat(400);
  const nx = Math.ceil((bbox[2] - bbox[0]) / stepLon);
  const ny = Math.ceil((bbox[3] - bbox[1]) / stepLat);
  const node = (i: number, j: number): Pos => [
    bbox[0] + i * stepLon + (Rng.hash(i, j, 1) - 0.5) * 0.4 * stepLon,
    bbox[1] + j * stepLat + (Rng.hash(i, j, 2) - 0.5) * 0.4 * stepLat,
  ];
  const classOf = (lineNo: number): 'primary' | 'secondary' | 'local' => (lineNo % 6 === 0 ? 'primary' : lineNo % 3 === 0 ? 'secondary' : 'local');
  const threshold = { primary: 0.03, secondary: 0.08, local: 0.2 };
  const edgeOk = (a: Pos, b: Pos, cls: 'primary' | 'secondary' | 'local') => {
    const mid: Pos = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    if (urbanIntensity(mid[0], mid[1]) < threshold[cls]) return false;
    if (!onLand(a) || !onLand(b)) return false;
    for (const t of [0.25, 0.5, 0.75]) if (inWater([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t])) return false;
    // never across a district boundary: keeps each street in one district
    return districtIndex.find(a) === districtIndex.find(b);
  };
  const emit = (pts: Pos[], dir: 'H' | 'V', lineNo: number, start: number, cls: 'primary' | 'secondary' | 'local') => {
    if (pts.length < 2) return;
    const suffix = cls === 'primary' ? '大道' : '路';
    const d = districtIndex.find(pts[0]) ?? null;
    streets.push({
      code: `ST-${dir}${lineNo}-${start}`,
      nameZh: `${dir === 'H' ? '纬' : '经'}${lineNo}${suffix}`,
      nameEn: `${dir === 'H' ? 'Wei' : 'Jing'} ${lineNo} ${cls === 'primary' ? 'Avenue' : 'Road'}`,
      class: cls,
      districtId: d,
      line: pts.map(rp),
    });
  };
  // Each grid line (rows of horizontal edges, columns of vertical ones) becomes streets where its edges qualify.
  const walkLines = (dir: 'H' | 'V', lines: number, steps: number, nodeAt: (line: number, k: number) => Pos) => {
    for (let line = 0; line <= lines; line++) {
      const cls = classOf(line);
      let run: Pos[] = [];
      let start = 0;
      for (let k = 0; k < steps; k++) {
        const a = nodeAt(line, k);
        const b = nodeAt(line, k + 1);
        if (edgeOk(a, b, cls)) {
          if (!run.length) {
            run = [a];
            start = k;
          }
          run.push(b);
        } else {
          emit(run, dir, line, start, cls);
          run = [];
        }
      }
      emit(run, dir, line, start, cls);
    }
  };
  walkLines('H', ny, nx, (j, i) => node(i, j));
  walkLines('V', nx, ny, (i, j) => node(i, j));

  // ---- antenna structures ----
  const structures: Row[] = [];
  const tenancies: Row[] = [];
  const spacing = new SpacingGrid(0.002);
  let seq = 0;
  const kindMix: Record<Environment, Record<string, number>> = {
    dense_urban: {
      rooftop: 0.42,
      indoor_distribution: 0.12,
      smart_pole: 0.12,
      camouflaged_tower: 0.1,
      monopole: 0.12,
      lattice_tower: 0.04,
      street_lamp_pole: 0.05,
      traffic_sign_pole: 0.03,
    },
    urban: {
      rooftop: 0.3,
      monopole: 0.25,
      camouflaged_tower: 0.08,
      lattice_tower: 0.12,
      smart_pole: 0.08,
      indoor_distribution: 0.07,
      street_lamp_pole: 0.05,
      utility_pole: 0.05,
    },
    suburban: { lattice_tower: 0.3, monopole: 0.32, rooftop: 0.18, utility_pole: 0.08, camouflaged_tower: 0.04, street_lamp_pole: 0.04, smart_pole: 0.04 },
    rural: { lattice_tower: 0.45, monopole: 0.3, rooftop: 0.08, utility_pole: 0.12, camouflaged_tower: 0.05 },
  };
  const minSpacing: Record<Environment, number> = { dense_urban: 45, urban: 90, suburban: 200, rural: 400 };
  let attempts = 0;
  while (structures.length < opts.antennaStructures && attempts < opts.antennaStructures * 400) {
    attempts++;
    const p: Pos = [rng.range(bbox[0], bbox[2]), rng.range(bbox[1], bbox[3])];
    const u = urbanIntensity(p[0], p[1]);
    if (rng.next() > 0.025 + u) continue;
    if (!onLand(p)) continue;
    const env = environmentAt(p[0], p[1]);
    if (spacing.tooClose(p, minSpacing[env])) continue;
    spacing.add(p);
    const kind = rng.pick(kindMix[env]);
    const s = makeStructure(rng, ++seq, kind, env, p);
    structures.push(s);
    tenancies.push(...makeTenancies(rng, s, env));
  }

  // ---- street furniture along streets (lamps, signals, cameras, utility poles) ----
  // Main streets have a kerb on each side; now and then a signal, camera or utility pole stands a few metres from
  // a lamp post, each owned by another department: the poles multi-pole integration merges. A random stream of its
  // own, so changing the furniture leaves the routes and overlays drawn after it as they are.
  const frng = new Rng(opts.seed ^ 0x5f3759df);
  for (const st of streets) {
    const u0 = urbanIntensity(st.line[0][0], st.line[0][1]);
    const env = environmentAt(st.line[0][0], st.line[0][1]);
    if (env === 'rural') continue;
    const step = (env === 'dense_urban' ? 45 : env === 'urban' ? 70 : 140) * opts.streetPoleSpacingScale * (st.class === 'local' ? 1.3 : 1);
    const kerbs = st.class === 'local' ? [11] : [11, -11]; // kerb lines: poles stand on the pavement, not in the carriageway
    for (const offset of kerbs) {
      const side = offsetLine(st.line, offset);
      const total = lengthM(side);
      const line = turf.lineString(side);
      const kerbStep = offset > 0 ? step : step * 1.6;
      const at = (d: number) => rp(turf.along(line, d / 1000, { units: 'kilometers' }).geometry.coordinates as Pos);
      for (let d = kerbStep / 2; d < total; d += kerbStep * frng.range(0.85, 1.15)) {
        const p = at(d);
        if (!onLand(p)) continue;
        const kind = frng.pick(
          u0 > 0.15
            ? { street_lamp_pole: 0.7, traffic_sign_pole: 0.12, camera_pole: 0.12, utility_pole: 0.06 }
            : { street_lamp_pole: 0.6, utility_pole: 0.25, traffic_sign_pole: 0.08, camera_pole: 0.07 },
        );
        structures.push(makeStructure(frng, ++seq, kind, env, p, st.nameZh));
        if (d + 20 < total && frng.chance(u0 > 0.15 ? 0.3 : 0.15)) {
          const q = at(d + frng.range(4, 18));
          const companion = frng.pick({ traffic_sign_pole: 0.4, camera_pole: 0.4, utility_pole: 0.2, street_lamp_pole: 0 });
          if (onLand(q) && companion !== kind) structures.push(makeStructure(frng, ++seq, companion, env, q, st.nameZh));
        }
      }
    }
  }

  // ---- routes: ducts under main streets, cables, pole lines in the suburbs ----
  const routes: Row[] = [];
  let rseq = 0;
  for (const st of streets) {
    const env = environmentAt(st.line[0][0], st.line[0][1]);
    const isMain = st.class !== 'local';
    let kind: string | null = null;
    if (isMain && (env === 'dense_urban' || env === 'urban')) kind = 'duct';
    else if (isMain) kind = rng.chance(0.6) ? 'pole_line' : 'aerial_cable';
    else if (env === 'dense_urban' && rng.chance(0.35)) kind = 'buried_cable';
    if (!kind) continue;
    // Long streets are cut into runs of at most four blocks, as ducts are built and owned.
    for (let k = 0; k < st.line.length - 1; k += 4) {
      const seg = st.line.slice(k, Math.min(k + 5, st.line.length));
      if (seg.length < 2) continue;
      routes.push(makeRoute(rng, ++rseq, kind, offsetLine(seg, kind === 'duct' ? -6 : 9), st.nameZh));
    }
  }

  // ---- key sites and overlays ----
  const keySiteInputs = readKeySites().filter((k) => allDistrictIndex.find([k.lon, k.lat]) !== undefined);
  const keySites: Row[] = keySiteInputs.map((k: KeySiteInput) => ({
    properties: { code: k.code, category: k.category, nameZh: k.nameZh, nameEn: k.nameEn, coordinateQuality: k.coordinateQuality, source: 'sample' },
    geometry: { type: 'Point', coordinates: [k.lon, k.lat] },
  }));
  const overlays = makeOverlays(rng, riverInputs, keySiteInputs, bbox, onLand, generatedIn);

  // ---- population on H3 cells: census totals spread by urban intensity, exact per district ----
  const populationCells: SampleCity['populationCells'] = [];
  const seen = new Set<string>();
  for (const d of core) {
    const cells: { cell: string; w: number }[] = [];
    for (const polygon of d.coordinates) {
      for (const cell of polygonToCells(polygon, POPULATION_H3_RESOLUTION, true)) {
        if (seen.has(cell)) continue;
        seen.add(cell);
        const [lat, lon] = cellToLatLng(cell);
        const w = inWater([lon, lat]) ? 0 : 0.004 + urbanIntensity(lon, lat);
        cells.push({ cell, w });
      }
    }
    if (!cells.length) {
      // A district smaller than one cell still gets its residents.
      const [lon, lat] = turf.centroid(turf.multiPolygon(d.coordinates)).geometry.coordinates;
      cells.push({ cell: latLngToCell(lat, lon, POPULATION_H3_RESOLUTION), w: 1 });
    }
    for (const c of allocate(d.population ?? 0, cells)) {
      populationCells.push({
        h3: BigInt(`0x${c.cell}`).toString(),
        districtId: d.id,
        population: c.n,
        ring: cellToBoundary(c.cell, true).map((q) => rp(q as Pos)),
      });
    }
  }

  return { organisations: ORGANISATIONS, districts, rivers, streets, keySites, overlays, structures, tenancies, routes, populationCells };
}

/** Largest-remainder rounding: integer shares that add up exactly to the total. */
export function allocate(total: number, cells: { cell: string; w: number }[]): { cell: string; n: number }[] {
  const sum = cells.reduce((a, c) => a + c.w, 0) || 1;
  const raw = cells.map((c) => ({ cell: c.cell, x: (total * c.w) / sum }));
  const out = raw.map((r) => ({ cell: r.cell, n: Math.floor(r.x), rem: r.x - Math.floor(r.x) }));
  let left = total - out.reduce((a, o) => a + o.n, 0);
  const order = out.map((o, k) => k).sort((a, b) => out[b].rem - out[a].rem || (out[a].cell < out[b].cell ? -1 : 1));
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]].n++;
  return out.map(({ cell, n }) => ({ cell, n }));
}

// ---------- structures and tenancies ----------

const STRUCTURE_TEMPLATE: Record<
  string,
  { h: [number, number]; slots: [number, number]; loadKg: number; form: 'standalone' | 'attached'; owner: () => string }
> = {
  lattice_tower: { h: [30, 55], slots: [6, 9], loadKg: 1500, form: 'standalone', owner: () => 'china-tower' },
  monopole: { h: [20, 40], slots: [4, 6], loadKg: 800, form: 'standalone', owner: () => 'china-tower' },
  camouflaged_tower: { h: [15, 30], slots: [3, 3], loadKg: 500, form: 'standalone', owner: () => 'china-tower' },
  rooftop: { h: [18, 120], slots: [4, 6], loadKg: 1000, form: 'attached', owner: () => 'china-tower' },
  smart_pole: { h: [8, 15], slots: [2, 3], loadKg: 150, form: 'attached', owner: () => 'china-tower' },
  indoor_distribution: { h: [3, 3], slots: [4, 6], loadKg: 200, form: 'attached', owner: () => 'china-tower' },
  street_lamp_pole: { h: [8, 12], slots: [0, 1], loadKg: 40, form: 'attached', owner: () => 'cq-lighting' },
  traffic_sign_pole: { h: [6, 9], slots: [0, 1], loadKg: 40, form: 'attached', owner: () => 'cq-traffic-police' },
  camera_pole: { h: [5, 8], slots: [0, 1], loadKg: 30, form: 'attached', owner: () => 'cq-public-security' },
  utility_pole: { h: [10, 18], slots: [1, 2], loadKg: 200, form: 'attached', owner: () => 'state-grid-cq' },
};

const KIND_NAME: Record<string, [string, string]> = {
  lattice_tower: ['角钢塔', 'lattice tower'],
  monopole: ['单管塔', 'monopole'],
  camouflaged_tower: ['美化塔', 'camouflaged tower'],
  rooftop: ['楼顶站', 'rooftop'],
  smart_pole: ['智慧杆', 'smart pole'],
  indoor_distribution: ['室分', 'indoor system'],
  street_lamp_pole: ['路灯杆', 'lamp pole'],
  traffic_sign_pole: ['交通杆', 'traffic pole'],
  camera_pole: ['监控杆', 'camera pole'],
  utility_pole: ['电力杆', 'utility pole'],
};

function makeStructure(rng: Rng, seq: number, kind: string, env: Environment, p: Pos, street?: string): Row {
  const t = STRUCTURE_TEMPLATE[kind];
  let height = rng.range(t.h[0], t.h[1]);
  if (kind === 'rooftop') height = env === 'dense_urban' ? rng.range(40, 160) : rng.range(18, 60);
  const slotsTotal = rng.int(t.slots[0], t.slots[1]);
  const status = rng.pick({ built: 0.93, planned: 0.03, approved: 0.02, decommissioned: 0.02 });
  const code = `S${String(seq).padStart(6, '0')}`;
  const [zh] = KIND_NAME[kind];
  return {
    properties: {
      code,
      name: street ? `${street}${zh}${seq}` : `${zh}${code.slice(1)}`,
      kind,
      ownerId:
        rng.chance(0.04) && ['lattice_tower', 'monopole', 'rooftop'].includes(kind)
          ? rng.pick({ 'china-mobile': 0.5, 'china-telecom': 0.25, 'china-unicom': 0.25 })
          : t.owner(),
      heightM: Math.round(height * 10) / 10,
      groundElevationM: rng.chance(0.7) ? Math.round(rng.range(170, 420)) : null,
      slotsTotal,
      loadCapacityKg: t.loadKg,
      buildForm: t.form,
      status,
      builtOn:
        status === 'built' || status === 'decommissioned'
          ? `${rng.int(2006, 2024)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`
          : null,
      publicInstitution: kind === 'rooftop' && rng.chance(0.15),
      // about a third of indoor systems were co-built by the operators (hashed, not drawn: the rest of the city keeps its values)
      buildMode: kind === 'indoor_distribution' && unitHash(seq, 1) < 0.38 ? 'co_build' : 'single',
      address: street ?? null,
      source: 'sample',
    },
    geometry: { type: 'Point', coordinates: rp(p) },
  };
}

const OPERATOR_SHARE: Record<OperatorId, number> = { 'china-mobile': 0.4, 'china-telecom': 0.27, 'china-unicom': 0.25, 'china-broadnet': 0.08 };
const BAND_5G: Record<OperatorId, number[]> = {
  'china-mobile': [2600, 2600, 4900],
  'china-telecom': [3500],
  'china-unicom': [3500],
  'china-broadnet': [700, 4900],
};
const BAND_4G: Record<OperatorId, number[]> = {
  'china-mobile': [1800, 2600],
  'china-telecom': [1800, 2100],
  'china-unicom': [1800, 2100],
  'china-broadnet': [700],
};

function makeTenancies(rng: Rng, s: Row, env: Environment): Row[] {
  const p = s.properties;
  if (p.status === 'planned' || p.status === 'decommissioned' || (p.slotsTotal as number) === 0) return [];
  const kind = p.kind as string;
  const macro = ['lattice_tower', 'monopole', 'camouflaged_tower', 'rooftop'].includes(kind);
  const indoor = kind === 'indoor_distribution';
  let want5g: number;
  if (macro) want5g = rng.pick({ 1: 0.3, 2: 0.45, 3: 0.18, 4: 0.07 } as Record<string, number>) as unknown as number;
  else if (indoor) want5g = rng.int(2, 4);
  else want5g = 1;
  want5g = Number(want5g);
  // A few towers are full: every slot taken (what planners must route around).
  const full = macro && rng.chance(0.06);
  let free = p.slotsTotal as number;
  const operators = pickOperators(rng, Math.min(want5g, 4));
  const out: Row[] = [];
  const add = (op: OperatorId, tech: '5G' | '4G' | 'NB-IoT') => {
    if (free <= 0) return;
    free--;
    const h = Math.max(2.5, Math.round(((p.heightM as number) - rng.range(0.5, 3)) * 10) / 10);
    const small = !macro;
    out.push({
      properties: {
        code: `T-${p.code}-${op.replace('china-', '')}-${tech}`,
        structureCode: p.code,
        operatorId: op,
        technology: tech,
        bandMhz: rng.pick(
          Object.fromEntries((tech === '5G' ? BAND_5G[op] : tech === '4G' ? BAND_4G[op] : [900]).map((b) => [String(b), 1])),
        ) as unknown as number,
        antennaHeightM: indoor ? 3 : Math.min(h, p.heightM as number),
        azimuthDeg: small ? null : rng.int(0, 119),
        sectorCount: small ? 1 : 3,
        mechTiltDeg: small ? 0 : rng.int(0, 6),
        elecTiltDeg: small ? 0 : env === 'rural' ? rng.int(0, 4) : rng.int(2, 8),
        eirpDbm: indoor ? rng.int(15, 25) : small ? rng.int(40, 47) : tech === '5G' ? rng.int(72, 78) : tech === '4G' ? rng.int(58, 64) : rng.int(55, 60),
        slotsUsed: 1,
        loadKg: indoor ? 5 : small ? 15 : tech === '5G' ? 120 : tech === '4G' ? 75 : 30,
        status: 'active',
        source: 'sample',
      },
    });
  };
  for (const op of operators) add(op, '5G');
  if (macro) {
    for (const op of operators) if (op !== 'china-broadnet' && rng.chance(0.45)) add(op, '4G');
    if (rng.chance(0.06)) add(rng.chance(0.6) ? 'china-mobile' : 'china-telecom', 'NB-IoT');
  }
  if (full) {
    for (const op of OPERATOR_IDS)
      if (free > 0 && !out.some((t) => t.properties.operatorId === op && t.properties.technology === '4G') && op !== 'china-broadnet') add(op, '4G');
  }
  for (const t of out) t.properties.bandMhz = Number(t.properties.bandMhz);
  // keep codes unique if an operator appears twice for a technology
  return out.filter((t, k) => out.findIndex((u) => u.properties.code === t.properties.code) === k);
}

function pickOperators(rng: Rng, n: number): OperatorId[] {
  const left = { ...OPERATOR_SHARE };
  const out: OperatorId[] = [];
  while (out.length < n && Object.keys(left).length) {
    const op = rng.pick(left);
    out.push(op);
    delete left[op];
  }
  return out;
}

/** A fixed share in [0, 1) per sequence number and salt (Knuth's multiplicative hash), for attributes added later. */
function unitHash(seq: number, salt: number): number {
  return (Math.imul(seq * 31 + salt, 2654435761) >>> 0) / 4294967296;
}

function makeRoute(rng: Rng, seq: number, kind: string, line: Pos[], street: string): Row {
  const unit = kind === 'duct' ? 'subduct' : 'cable_slot';
  const total = kind === 'duct' ? rng.pick({ 4: 0.3, 6: 0.35, 9: 0.2, 12: 0.15 } as Record<string, number>) : rng.int(4, 12);
  const capacityTotal = Number(total);
  const fullish = rng.chance(0.12);
  const capacityUsed = fullish ? capacityTotal : rng.int(0, capacityTotal - 1);
  const owner = rng.pick({ 'china-tower': 0.45, 'china-mobile': 0.25, 'china-telecom': 0.15, 'china-unicom': 0.15 });
  // Part of the used capacity is the owner's, the rest is let to tenants.
  const tenants: { operatorId: string; unitsUsed: number }[] = [];
  let left = capacityUsed;
  for (const op of pickOperators(rng, rng.int(0, 3))) {
    if (op === owner || left <= 0) continue;
    const u = rng.int(1, Math.max(1, Math.floor(left / 2)));
    tenants.push({ operatorId: op, unitsUsed: u });
    left -= u;
  }
  return {
    properties: {
      code: `R${String(seq).padStart(6, '0')}`,
      name: `${street}${kind === 'duct' ? '管道' : kind === 'pole_line' ? '杆路' : kind === 'aerial_cable' ? '架空光缆' : '直埋光缆'}`,
      kind,
      ownerId: owner,
      capacityUnit: unit,
      capacityTotal,
      capacityUsed,
      status: rng.pick({ built: 0.95, planned: 0.05 }),
      builtOn: `${2010 + Math.floor(unitHash(seq, 2) * 15)}-${String(1 + Math.floor(unitHash(seq, 3) * 12)).padStart(2, '0')}-15`,
      buildMode: unitHash(seq, 4) < (kind === 'duct' ? 0.42 : kind === 'pole_line' ? 0.28 : 0.2) ? 'co_build' : 'single',
      tenants,
      source: 'sample',
    },
    geometry: { type: 'LineString', coordinates: line },
  };
}

// ---------- overlays ----------

function makeOverlays(rng: Rng, rivers: RiverInput[], keySites: KeySiteInput[], bbox: number[], onLand: (p: Pos) => boolean, generatedIn: number[]): Row[] {
  const out: Row[] = [];
  const add = (code: string, kind: string, name: string, nameEn: string, authority: string, coordinates: number[][][][]) =>
    out.push({
      properties: { code, kind, name, nameEn, authority, validFrom: '2021-01-01', validTo: null, source: 'sample' },
      geometry: { type: 'MultiPolygon', coordinates },
    });

  // 100-year flood zones along the Yangtze and the Jialing: a band on each bank.
  for (const r of rivers) {
    const band = turf.buffer(turf.lineString(r.line), r.widthM / 2 + 300, { units: 'meters', steps: 6 })!;
    const coords = band.geometry.type === 'Polygon' ? [band.geometry.coordinates] : (band.geometry.coordinates as number[][][][]);
    add(
      `OV-FLOOD-${r.code.toUpperCase()}`,
      'flood_zone_100y',
      `${r.nameZh}百年一遇洪水淹没线`,
      `${r.nameEn} 100-year flood zone`,
      '重庆市水利局',
      coords.map((pg) => pg.map((ring) => ring.map((q) => rp(q as Pos)))),
    );
  }

  const PLANNING = '重庆市规划和自然资源局';
  const named: [string, string, string, string, Pos, number][] = [
    ['OV-SCENIC-CIQIKOU', 'scenic_area', '磁器口古镇景区', 'Ciqikou Ancient Town scenic area', [106.449, 29.579], 550],
    ['OV-HERITAGE-CIQIKOU', 'heritage_area', '磁器口历史文化街区', 'Ciqikou historic-cultural block', [106.449, 29.5795], 380],
    ['OV-SCENIC-HONGYADONG', 'scenic_area', '洪崖洞景区', 'Hongyadong scenic area', [106.578, 29.5625], 260],
    ['OV-HERITAGE-HUGUANG', 'heritage_area', '湖广会馆历史文化街区', 'Huguang Guild Hall historic block', [106.5855, 29.5605], 180],
    ['OV-HERITAGE-SHIBATI', 'heritage_area', '十八梯传统风貌区', 'Shibati traditional-style area', [106.5745, 29.5545], 200],
    ['OV-SCENIC-ELING', 'scenic_area', '鹅岭公园', 'Eling Park', [106.531, 29.554], 350],
    ['OV-SCENIC-NANSHAN', 'scenic_area', '南山风景名胜区', 'Nanshan scenic area', [106.63, 29.54], 2200],
    ['OV-NATURE-JINYUN', 'nature_reserve', '缙云山国家级自然保护区', 'Jinyun Mountain national nature reserve', [106.39, 29.84], 4000],
  ];
  for (const [code, kind, zh, en, c, r] of named) add(code, kind, zh, en, PLANNING, [circle(c, r)]);

  // Hospitals are sensitive sites: EMF notice boards for any base station inside.
  for (const k of keySites.filter((s) => s.category === 'hospital'))
    add(`OV-${k.code}`, 'hospital', k.nameZh, k.nameEn, '重庆市卫生健康委员会', [circle([k.lon, k.lat], 160, 16)]);

  // Airport runway protection: no new structures.
  add('OV-NOBUILD-CKG', 'no_build_zone', '江北国际机场跑道保护区', 'Jiangbei airport runway protection zone', '中国民用航空西南地区管理局', [
    rectangle([106.642, 29.7192], 900, 4200, -20),
  ]);

  // Generated schools, residential areas and reserved telecom land, only where the city is.
  const place = (count: number, minU: number, make: (p: Pos, n: number) => void) => {
    let n = 0;
    let tries = 0;
    while (n < count && tries < count * 500) {
      tries++;
      const p: Pos = [rng.range(bbox[0], bbox[2]), rng.range(bbox[1], bbox[3])];
      if (urbanIntensity(p[0], p[1]) < minU || !onLand(p)) continue;
      make(p, ++n);
    }
  };
  const scale = generatedIn.length / CORE_DISTRICTS.length;
  place(Math.round(260 * scale), 0.12, (p, n) =>
    add(`OV-SCHOOL-${n}`, 'school', `第${n}中小学`, `School ${n}`, '重庆市教育委员会', [
      rectangle(p, rng.range(120, 260), rng.range(100, 200), rng.range(0, 90)),
    ]),
  );
  place(Math.round(420 * scale), 0.15, (p, n) =>
    add(`OV-RES-${n}`, 'residential_area', `居住区${n}`, `Residential area ${n}`, PLANNING, [
      rectangle(p, rng.range(200, 520), rng.range(180, 420), rng.range(0, 90)),
    ]),
  );
  place(Math.round(140 * scale), 0.04, (p, n) =>
    add(`OV-YELLOW-${n}`, 'reserved_telecom_land', `通信设施用地${n}`, `Reserved telecom land ${n}`, PLANNING, [
      rectangle(p, rng.range(25, 50), rng.range(25, 50), rng.range(0, 90)),
    ]),
  );
  place(Math.round(12 * scale), 0.02, (p, n) =>
    add(`OV-NOBUILD-${n}`, 'no_build_zone', `禁建区${n}`, `No-build zone ${n}`, PLANNING, [circle(p, rng.range(150, 400), 12)]),
  );
  return out;
}
