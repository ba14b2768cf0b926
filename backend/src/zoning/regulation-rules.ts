import type { KpiRate, OverlayKind, RuleSubject, SiteConditionCode, WorksActivity } from '@cosite/contracts';

/** The vocabularies the rules speak in belong to the contract (zoning, protection, kpi); here for the rules' readers. */
export {
  KPI_RATES,
  PIPELINE_KINDS,
  PROTECTED_FACILITY_KINDS,
  RULE_SUBJECTS,
  SITE_CONDITIONS,
  WORKS_ACTIVITIES,
  type KpiRate,
  type ProtectedFacilityKind,
  type RuleSubject,
  type SiteConditionCode,
  type WorksActivity,
} from '@cosite/contracts';

/**
 * Every regulation-derived rule Cosite applies, in one place, as data with the regulation and article it comes from.
 * The migrations seeded the `regulation_rule` table with a frozen copy of this list; from then on the table is what
 * runs, and an administrator's edits are kept with who and when. A change here reaches an existing database only
 * through a new migration (or an edit). Codes are stable: tests and stored checks refer to them.
 */

export const CQ_RULES = 'Chongqing telecom facility construction and protection rules (重庆市通信设施建设和保护规定)';
export const PLANNING_NOTICE_2015 = 'MIIT/MOHURD notice on telecom infrastructure in urban planning (2015)';
export const ICT_PLAN_14 = '14th five-year plan for information and communication infrastructure';
export const GB8702 = 'GB 8702-2014 Controlling limits for electromagnetic environment';
export const SHARING_NOTICE_2008 = 'MIIT/SASAC urgent notice on promoting co-build and sharing of telecom infrastructure (工信部联通〔2008〕235号)';
export const SHARING_TARGETS = 'National telecom infrastructure co-build and sharing targets (电信基础设施共建共享年度工作要求)';

/**
 * Outside a protection zone, works this close to the zone's edge "may still harm a facility" and need protective
 * measures (art. 21, second sentence). The article sets no distance; 20 m is Cosite's default, a judgment.
 */
export const PROTECTION_NEAR_MARGIN = { metres: 20, regulation: CQ_RULES, article: 'art. 21 (works outside the zone that may harm a facility)' } as const;

export const GB26859 = 'GB 26859-2011 Safety code of power industry, electric power line part (电力安全工作规程 电力线路部分)';
export const POWER_SHARING_GUIDANCE =
  'MIIT/SASAC/NEA guidance on sharing power and telecom infrastructure (关于推进电力与通信共建共享的指导意见): base stations on power towers with the grid owner’s agreement';

/**
 * A base station on a power-grid tower (China Tower's "社会资源共享"). Its antennas are installed and maintained
 * without switching the line off, so they stay below the lowest conductor by at least the safety distance a worker
 * keeps from live parts (GB 26859-2011 table 1, by voltage class); the grid owner approves every installation; and
 * the owner allows fewer mounts and less load than a telecom tower carries. The slots and load are Cosite's default
 * where the owner has recorded none on the structure (a judgment, like the 20 m margin above).
 */
export const POWER_TOWER_SHARING = {
  /** Upper bound of a voltage class (kV) → safety distance (m), from GB 26859-2011 table 1. */
  clearanceM: [
    { maxKv: 10, metres: 0.7 },
    { maxKv: 35, metres: 1.0 },
    { maxKv: 110, metres: 1.5 },
    { maxKv: 220, metres: 3.0 },
    { maxKv: 330, metres: 4.0 },
    { maxKv: 500, metres: 5.0 },
    { maxKv: 750, metres: 8.0 },
    { maxKv: 1100, metres: 9.5 },
  ],
  clearanceSource: `${GB26859}, table 1 (safety distances without an outage)`,
  /** When the line's voltage is not recorded: taken as the 220 kV class, the usual high-voltage line in the city. */
  assumedKv: 220,
  condition: 'grid_owner_approval_required' as const,
  // the guidance sets the owner's agreement; it names no article number
  conditionSource: POWER_SHARING_GUIDANCE,
  /** Mounts and load the owner allows where the structure records none (Cosite default, a judgment). */
  maxSlots: 2,
  defaultLoadAllowanceKg: 150,
} as const;

/** The safety distance below a power line of this voltage (kV; unknown: the assumed class). */
export function conductorClearanceM(voltageKv: number | null | undefined): number {
  const kv = voltageKv ?? POWER_TOWER_SHARING.assumedKv;
  return (POWER_TOWER_SHARING.clearanceM.find((c) => kv <= c.maxKv) ?? POWER_TOWER_SHARING.clearanceM[POWER_TOWER_SHARING.clearanceM.length - 1]).metres;
}

/** Proposed route kinds and the existing route kinds that can carry them (a cable goes into a duct's free sub-duct). */
export const ROUTE_HOSTS = {
  duct: ['duct'],
  buried_cable: ['duct'],
  pole_line: ['pole_line', 'aerial_cable'],
  aerial_cable: ['pole_line', 'aerial_cable'],
} as const;

export interface RegulationRule {
  code: string;
  subject: RuleSubject;
  /** What the rule is about: an overlay kind, a build form, a facility kind, an activity, … */
  appliesTo: string;
  /** What follows: a site condition, `forbidden` / `notify_owner` for works, or `limit` for figures. */
  outcome: string;
  params: Record<string, unknown>;
  regulation: string;
  article: string | null;
}

const overlayRule = (
  kind: OverlayKind,
  outcome: SiteConditionCode,
  regulation: string,
  article: string | null,
  params: Record<string, unknown> = {},
): RegulationRule => ({
  code: `overlay.${kind}`,
  subject: 'overlay',
  appliesTo: kind,
  outcome,
  params,
  regulation,
  article,
});

const routeSharingRule = (kind: keyof typeof ROUTE_HOSTS): RegulationRule => ({
  code: `route_sharing.${kind}`,
  subject: 'route_sharing',
  appliesTo: kind,
  outcome: 'approval_required',
  // along = within the corridor and within maxAngleDeg of the existing route's direction; "most of it" = mustShareMinShare
  params: { hostKinds: [...ROUTE_HOSTS[kind]], corridorM: 10, maxAngleDeg: 30, mustShareMinShare: 0.5, coBuildWindowDays: 90 },
  regulation: SHARING_NOTICE_2008,
  article: 'existing pole routes and ducts must be shared; no new pole route or duct along an existing route without approval',
});

const kpiTarget = (rate: KpiRate, min: number): RegulationRule => ({
  code: `kpi.${rate}`,
  subject: 'kpi_target',
  appliesTo: rate,
  outcome: 'target',
  params: { min },
  regulation: SHARING_TARGETS,
  article:
    rate === 'tower_sharing'
      ? 'average base-station sharing rate'
      : rate.endsWith('_cobuild')
        ? 'co-build rate of new pole routes, ducts and indoor systems'
        : 'sharing rate of pole routes, ducts and indoor distribution',
});

const worksRule = (activity: WorksActivity, outcome: 'forbidden' | 'notify_owner', article: string): RegulationRule => ({
  code: `works.${activity}`,
  subject: 'works_activity',
  appliesTo: activity,
  outcome,
  params: {},
  regulation: CQ_RULES,
  article,
});

export const REGULATION_RULES: RegulationRule[] = [
  // Siting in zoning overlays
  overlayRule('scenic_area', 'camouflage_required', CQ_RULES, 'art. 10'),
  overlayRule('heritage_area', 'camouflage_required', CQ_RULES, 'art. 10'),
  overlayRule('nature_reserve', 'camouflage_required', CQ_RULES, 'art. 10'),
  overlayRule('residential_area', 'emf_notice_required', CQ_RULES, 'art. 18'),
  overlayRule('school', 'emf_notice_required', CQ_RULES, 'art. 18'),
  overlayRule('hospital', 'emf_notice_required', CQ_RULES, 'art. 18'),
  overlayRule(
    'flood_zone_100y',
    'flood_protection_required',
    ICT_PLAN_14,
    'flood-prevention section: facilities below the 100-year flood line flood-proofed or moved',
  ),
  overlayRule(
    'airport_clearance',
    'aviation_approval_required',
    'Civil aviation airport clearance protection (民用机场净空保护)',
    'height limit of the clearance surface',
    { defaultHeightLimitM: 45 },
  ),
  overlayRule('no_build_zone', 'no_build_zone', 'planning bureau designation', null),
  overlayRule('reserved_telecom_land', 'preferred_site', PLANNING_NOTICE_2015, 'reserved telecom land ("yellow line") for standalone sites'),
  // Build form
  {
    code: 'build_form.standalone',
    subject: 'build_form',
    appliesTo: 'standalone',
    outcome: 'planning_approval_required',
    params: {},
    regulation: PLANNING_NOTICE_2015,
    article: 'standalone towers and base stations on their own land need planning approval',
  },
  {
    code: 'build_form.attached',
    subject: 'build_form',
    appliesTo: 'attached',
    outcome: 'city_appearance_required',
    params: {},
    regulation: PLANNING_NOTICE_2015,
    article: 'attached facilities meet city-appearance rules',
  },
  // EMF: public exposure limits and the share one project may take
  {
    code: 'emf.public_exposure',
    subject: 'emf',
    appliesTo: 'sensitive_site',
    outcome: 'emf_limit_exceeded',
    // GB 8702-2014 table 1, equivalent plane-wave power density: 0.4 W/m² for 30–3000 MHz, f/7500 W/m² for 3–15 GHz, 2 W/m² above
    params: {
      limitsWm2: [
        { fromMHz: 30, toMHz: 3000, wm2: 0.4 },
        { fromMHz: 3000, toMHz: 15000, perMHz: 1 / 7500 },
        { fromMHz: 15000, toMHz: 300000, wm2: 2 },
      ],
      projectShare: 0.2,
      sensitiveOverlays: ['residential_area', 'school', 'hospital'],
      receptorHeightM: 1.5,
    },
    regulation: GB8702,
    article: 'table 1 (public exposure); one project commonly held to one fifth (HJ 1151-2020 practice)',
  },
  // Protection-zone widths around facilities (metres either side / around)
  {
    code: 'protection.buried_duct',
    subject: 'protection_width',
    appliesTo: 'buried_duct',
    outcome: 'limit',
    params: { widthM: 1.5 },
    regulation: 'YD 5102 telecom line engineering design code',
    article: 'clearance to buried telecom ducts',
  },
  {
    code: 'protection.buried_cable',
    subject: 'protection_width',
    appliesTo: 'buried_cable',
    outcome: 'limit',
    params: { widthM: 1 },
    regulation: 'YD 5102 telecom line engineering design code',
    article: 'clearance to buried telecom cables',
  },
  {
    code: 'protection.aerial_line',
    subject: 'protection_width',
    appliesTo: 'aerial_line',
    outcome: 'limit',
    params: { widthM: 2 },
    regulation: 'YD 5102 telecom line engineering design code',
    article: 'clearance to aerial lines and poles',
  },
  {
    code: 'protection.tower',
    subject: 'protection_width',
    appliesTo: 'tower',
    outcome: 'limit',
    params: { widthM: 5 },
    regulation: CQ_RULES,
    article: 'art. 21 (protection range set by the owner; 5 m is the common default)',
  },
  {
    code: 'protection.equipment_room',
    subject: 'protection_width',
    appliesTo: 'equipment_room',
    outcome: 'limit',
    params: { widthM: 3 },
    regulation: CQ_RULES,
    article: 'art. 21',
  },
  {
    code: 'protection.submarine_cable',
    subject: 'protection_width',
    appliesTo: 'submarine_cable',
    outcome: 'limit',
    params: { widthM: 100 },
    regulation: 'Submarine cable and pipeline protection provisions (海底电缆管道保护规定)',
    article: 'art. 7: 50 m either side in ports, 500 m at sea (100 m taken for rivers)',
  },
  // Works inside a protection zone
  worksRule('building', 'notify_owner', 'art. 21'),
  worksRule('transport_works', 'notify_owner', 'art. 21'),
  worksRule('water_works', 'notify_owner', 'art. 21'),
  worksRule('utility_line_laying', 'notify_owner', 'art. 21'),
  worksRule('underwater_works', 'notify_owner', 'art. 21'),
  worksRule('blasting', 'notify_owner', 'art. 21'),
  worksRule('mining', 'notify_owner', 'art. 21'),
  worksRule('hazardous_plant', 'notify_owner', 'art. 21'),
  worksRule('burning', 'forbidden', 'art. 22'),
  worksRule('kiln', 'forbidden', 'art. 22'),
  worksRule('pile_driving', 'forbidden', 'art. 22'),
  worksRule('pipe_jacking', 'forbidden', 'art. 22'),
  worksRule('flammable_storage', 'forbidden', 'art. 22'),
  worksRule('corrosive_dumping', 'forbidden', 'art. 22'),
  worksRule('digging', 'forbidden', 'art. 22'),
  worksRule('ditch_or_well', 'forbidden', 'art. 22'),
  worksRule('planting', 'forbidden', 'art. 22'),
  worksRule('septic_tank', 'forbidden', 'art. 22'),
  worksRule('animal_pen', 'forbidden', 'art. 22'),
  worksRule('biogas_pit', 'forbidden', 'art. 22'),
  worksRule('anchoring_trawling_dredging', 'forbidden', 'art. 22'),
  worksRule('attaching_or_climbing', 'forbidden', 'art. 22'),
  // Spacing of other pipelines from telecom lines
  // Multi-pole integration: street poles within clusterDistanceM on one kerb merge into one smart pole
  {
    code: 'pole_integration.street_poles',
    subject: 'pole_integration',
    appliesTo: 'street_pole',
    outcome: 'limit',
    params: {
      clusterDistanceM: 25,
      minReductionShare: 0.5,
      maxStreetDistanceM: 40,
      smartPoleSlots: 3,
      smartPoleHeightM: 12,
      smartPoleLoadKg: 150,
      smallCellMaxAntennaHeightM: 15,
    },
    regulation: ICT_PLAN_14,
    article:
      "multi-pole integration (多杆合一): street poles merged into shared smart poles, more than half of them removed; the 25 m cluster distance is Cosite's default",
  },
  // Route sharing: a new route along an existing one
  routeSharingRule('duct'),
  routeSharingRule('buried_cable'),
  routeSharingRule('pole_line'),
  routeSharingRule('aerial_cable'),
  // Sharing and co-build targets
  kpiTarget('tower_sharing', 0.55),
  kpiTarget('pole_route_sharing', 0.7),
  kpiTarget('duct_sharing', 0.45),
  kpiTarget('indoor_sharing', 0.45),
  kpiTarget('pole_route_cobuild', 0.3),
  kpiTarget('duct_cobuild', 0.4),
  kpiTarget('indoor_cobuild', 0.35),
  {
    code: 'spacing.pipelines',
    subject: 'spacing',
    appliesTo: 'pipeline',
    outcome: 'limit',
    params: {
      parallelM: { power_cable: 0.5, gas: 1, water: 0.5, sewer: 1, heat: 1 },
      crossingM: { power_cable: 0.5, gas: 0.3, water: 0.15, sewer: 0.15, heat: 0.25 },
    },
    regulation: CQ_RULES,
    article: 'art. 14 (standard spacing per GB 50373)',
  },
];
