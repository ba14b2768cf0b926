/**
 * The closed vocabularies of Cosite, in one place. The migrations' CHECK constraints mirror these lists;
 * test/schema.int-spec.ts fails when the two drift apart.
 */
export const STRUCTURE_KINDS = [
  'lattice_tower',
  'monopole',
  'camouflaged_tower',
  'rooftop',
  'street_lamp_pole',
  'utility_pole',
  'traffic_sign_pole',
  'camera_pole',
  'smart_pole',
  'indoor_distribution',
  // a power-grid transmission or distribution tower: shared with the grid owner's approval, below its conductors
  'power_grid_tower',
] as const;
export type StructureKind = (typeof STRUCTURE_KINDS)[number];

/** Street furniture that multi-pole integration merges into smart poles. */
export const STREET_POLE_KINDS: readonly StructureKind[] = ['street_lamp_pole', 'utility_pole', 'traffic_sign_pole', 'camera_pole'];

export const BUILD_FORMS = ['standalone', 'attached'] as const;
/** Built by one party, or jointly by several operators from the start (the co-build rates count these). */
export const BUILD_MODES = ['single', 'co_build'] as const;
export const STRUCTURE_STATUSES = ['planned', 'approved', 'built', 'decommissioned'] as const;
export const TECHNOLOGIES = ['4G', '5G', 'NB-IoT'] as const;
export type Technology = (typeof TECHNOLOGIES)[number];
export const TENANCY_STATUSES = ['planned', 'active', 'decommissioned'] as const;

export const ROUTE_KINDS = ['duct', 'pole_line', 'aerial_cable', 'buried_cable'] as const;
export const ROUTE_CAPACITY_UNITS = ['subduct', 'cable_slot'] as const;
export const ROUTE_STATUSES = STRUCTURE_STATUSES;

export const OVERLAY_KINDS = [
  'scenic_area',
  'heritage_area',
  'nature_reserve',
  'reserved_telecom_land',
  'flood_zone_100y',
  'residential_area',
  'school',
  'hospital',
  'no_build_zone',
  'airport_clearance',
] as const;
export type OverlayKind = (typeof OVERLAY_KINDS)[number];

export const KEY_SITE_CATEGORIES = [
  'hospital',
  'airport',
  'rail_station',
  'bus_station',
  'port',
  'business_district',
  'scenic_area',
  'government_service_hall',
  'university',
  'stadium',
  'venue',
] as const;
export const COORDINATE_QUALITIES = ['surveyed', 'approximate'] as const;

export const ORGANISATION_KINDS = [
  'operator',
  'tower_company',
  'regulator',
  'planning_bureau',
  'administrator',
  'municipal_department',
  'property_owner',
] as const;

/** Coordinate reference systems an import may declare; everything is stored as WGS84. */
export const CRS_CODES = ['wgs84', 'gcj02', 'bd09'] as const;
export type CrsCode = (typeof CRS_CODES)[number];

export const IMPORT_LAYERS = ['structures', 'tenancies', 'routes', 'overlays', 'key-sites', 'observed-cells', 'streets'] as const;

/** The basemap's street classes (pole integration walks poles along them; the map draws them by class). */
export const STREET_CLASSES = ['primary', 'secondary', 'local'] as const;
export type ImportLayer = (typeof IMPORT_LAYERS)[number];
