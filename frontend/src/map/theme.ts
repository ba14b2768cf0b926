import type { OverlayKind, ROUTE_KINDS, SinrBand, StructureKind } from '@cosite/contracts';
import type { ThroughputClass } from './coverage-metric';
import type { LoadClass } from './sector-load';

type RouteKind = (typeof ROUTE_KINDS)[number];

/** Every colour of the map in one place: by structure kind, operator, route kind and overlay kind (a colour for each kind of the contract). */
export const THEME = {
  background: '#f4f1ea',
  coreDistrict: '#ebe6da',
  districtLine: '#8a7f6a',
  water: '#a9cce3',
  waterLabel: '#2f6690',
  street: { primary: '#ffffff', secondary: '#ffffff', local: '#fbfaf7', casing: '#cfc8b8' },
  label: '#3b3b3b',
  halo: '#ffffff',
  structureKind: {
    lattice_tower: '#c0392b',
    monopole: '#e67e22',
    camouflaged_tower: '#27ae60',
    rooftop: '#8e44ad',
    smart_pole: '#16a085',
    indoor_distribution: '#2c3e50',
    street_lamp_pole: '#b7950b',
    utility_pole: '#7f8c8d',
    traffic_sign_pole: '#5d6d7e',
    camera_pole: '#a04000',
    power_grid_tower: '#17202a',
  } satisfies Record<StructureKind, string> as Record<string, string>,
  operator: {
    'china-mobile': '#0073c6',
    'china-telecom': '#e60012',
    'china-unicom': '#f39800',
    'china-broadnet': '#6a1b9a',
  } as Record<string, string>,
  routeKind: { duct: '#1f618d', pole_line: '#7d6608', aerial_cable: '#b9770e', buried_cable: '#6c3483' } satisfies Record<RouteKind, string> as Record<
    string,
    string
  >,
  overlayKind: {
    scenic_area: '#58d68d',
    heritage_area: '#af7ac5',
    nature_reserve: '#229954',
    reserved_telecom_land: '#f4d03f',
    flood_zone_100y: '#5dade2',
    residential_area: '#f5b7b1',
    school: '#f0b27a',
    hospital: '#ec7063',
    no_build_zone: '#717d7e',
    airport_clearance: '#85929e',
  } satisfies Record<OverlayKind, string> as Record<string, string>,
  protectedKind: {
    buried_duct: '#c0392b',
    buried_cable: '#e74c3c',
    aerial_line: '#f39c12',
    tower: '#8e44ad',
    equipment_room: '#a569bd',
    submarine_cable: '#2874a6',
  } as Record<string, string>,
  keySite: '#d35400',
  observed: '#ffffff',
  rsrpBand: { excellent: '#1a9850', good: '#91cf60', fair: '#fee08b', weak: '#d73027' } as Record<string, string>,
  /** SINR: diverging at 0 dB (ColorBrewer RdBu, colour-blind safe): reds below, blues above. */
  sinrBand: { excellent: '#2166ac', good: '#4393c3', fair: '#92c5de', poor: '#f4a582', bad: '#b2182b' } as Record<SinrBand, string>,
  /** Throughput: sequential (viridis, colour-blind safe and legible in grey), dark where a user gets little. */
  throughput: { lt10: '#440154', '10_50': '#3b528b', '50_100': '#21918c', '100_300': '#5ec962', ge300: '#fde725' } as Record<ThroughputClass, string>,
  /** A hex whose metric the run did not compute (older than SINR): neutral. */
  notComputed: '#b0b0b0',
  /** Sector utilisation: green under half, amber to 80 %, orange to full, red beyond (lightness falls as load rises). */
  sectorLoad: { lt50: '#1a9850', '50_80': '#fdd835', '80_100': '#f57c00', ge100: '#b71c1c' } as Record<LoadClass, string>,
  overloadedOutline: '#000000',
  fallback: '#999999',
  /** Each drawing tool's colour: its shape while drawn (terra-draw) and once finished (its own layers). */
  tool: { works: '#6a3d9a', zoning: '#117a65', routes: '#b35806', rollout: '#2b6cb0' } as const,
};

/** A MapLibre match expression over a property from a colour table. */
export function matchColour(property: string, table: Record<string, string>): unknown[] {
  return ['match', ['get', property], ...Object.entries(table).flat(), THEME.fallback];
}
