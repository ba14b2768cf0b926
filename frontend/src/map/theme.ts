import type { OverlayKind, ROUTE_KINDS, StructureKind } from '@cosite/contracts';

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
  fallback: '#999999',
  /** Each drawing tool's colour: its shape while drawn (terra-draw) and once finished (its own layers). */
  tool: { works: '#6a3d9a', zoning: '#117a65', routes: '#b35806' } as const,
};

/** A MapLibre match expression over a property from a colour table. */
export function matchColour(property: string, table: Record<string, string>): unknown[] {
  return ['match', ['get', property], ...Object.entries(table).flat(), THEME.fallback];
}
