import { cellToLatLng, gridDisk } from 'h3-js';

/** A connected area of H3 cells and the residents in it. */
export interface CellArea {
  cells: string[];
  population: number;
}

/**
 * Cells joined through their H3 neighbours into connected areas, most residents first (then the larger): coverage
 * gaps and capacity gaps alike. `population` maps each cell of the set to its residents.
 */
export function connectedAreas(population: ReadonlyMap<string, number>): CellArea[] {
  const seen = new Set<string>();
  const areas: CellArea[] = [];
  for (const start of population.keys()) {
    if (seen.has(start)) continue;
    const stack = [start];
    seen.add(start);
    const cells: string[] = [];
    let sum = 0;
    while (stack.length) {
      const c = stack.pop()!;
      cells.push(c);
      sum += population.get(c)!;
      for (const n of gridDisk(c, 1))
        if (!seen.has(n) && population.has(n)) {
          seen.add(n);
          stack.push(n);
        }
    }
    areas.push({ cells, population: sum });
  }
  areas.sort((a, b) => b.population - a.population || b.cells.length - a.cells.length);
  return areas;
}

/**
 * An area's size, centre (the mean of its cells' centres) and the search ring a demand made from it takes: the
 * radius of a disc of the same area, 250 m to 10 km.
 */
export function areaShape(cells: readonly string[]): { areaKm2: number; centroid: { lon: number; lat: number }; searchRadiusM: number } {
  const pts = cells.map((c) => cellToLatLng(c));
  const lat = pts.reduce((a, p) => a + p[0], 0) / pts.length;
  const lon = pts.reduce((a, p) => a + p[1], 0) / pts.length;
  const areaKm2 = cells.length * 0.0150475; // mean area of an H3 resolution-10 cell
  return {
    areaKm2: round3(areaKm2),
    centroid: { lon: round6(lon), lat: round6(lat) },
    searchRadiusM: Math.min(10_000, Math.max(250, Math.round(Math.sqrt((areaKm2 * 1e6) / Math.PI)))),
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
