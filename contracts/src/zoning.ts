import { z } from 'zod';
import { BUILD_FORMS, STRUCTURE_KINDS } from './enums';
import { lonLat, oneOf, timestamp } from './zod';

/**
 * Zoning: the regulation rules table, the siting rule engine's conditions, and the overlays' history. The siting
 * engine owns the one `SiteCondition`; the co-location analysis lists the overlay part of it (`OverlayCondition`).
 */

/** What a regulation rule is about; the regulation_rule CHECK constraint mirrors this list. */
export const RULE_SUBJECTS = [
  'overlay',
  'build_form',
  'emf',
  'protection_width',
  'works_activity',
  'spacing',
  'pole_integration',
  'route_sharing',
  'kpi_target',
] as const;
export type RuleSubject = (typeof RULE_SUBJECTS)[number];

/** Conditions a site can be given, as the siting check and the co-location analysis report them. */
export const SITE_CONDITIONS = [
  'camouflage_required',
  'planning_approval_required',
  'city_appearance_required',
  'preferred_site',
  'emf_notice_required',
  'emf_limit_exceeded',
  'flood_protection_required',
  'aviation_approval_required',
  'no_build_zone',
  'grid_owner_approval_required',
] as const;
export type SiteConditionCode = (typeof SITE_CONDITIONS)[number];

/** A rule as the table holds it (and as every check reads it). */
export const storedRule = z.object({
  code: z.string(),
  subject: z.enum(RULE_SUBJECTS),
  appliesTo: z.string().meta({ description: 'what the rule is about: an overlay kind, a build form, a facility kind, an activity…' }),
  outcome: z.string().meta({ description: 'a site condition, forbidden / notify_owner for works, limit or target for figures' }),
  params: z.record(z.string(), z.any()).meta({ description: "the rule's figures (widths, limits, targets…), per subject" }),
  regulation: z.string(),
  article: z.string().nullable(),
  enabled: z.boolean(),
  updatedAt: timestamp,
  updatedBy: z.string(),
});
export type StoredRule = z.infer<typeof storedRule>;

export const ruleList = z.array(storedRule);

/** A rule's code in a path (overlay.scenic_area, protection.tower…). */
export const ruleCode = z.string().meta({ description: 'a rule code, e.g. overlay.scenic_area' });

export const rulesQuery = z.object({
  subject: z.string().optional().meta({ description: 'only the rules of this subject (overlay, build_form, emf, protection_width, works_activity, spacing…)' }),
});
export type RulesQuery = z.infer<typeof rulesQuery>;

export const ruleUpdateInput = z
  .object({
    outcome: z.string().min(1).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    enabled: z.boolean().optional(),
    regulation: z.string().trim().min(1).max(300).optional(),
    article: z.string().trim().max(300).nullable().optional(),
    comment: z.string().max(1000).optional(),
  })
  .strict()
  .refine((p) => p.outcome !== undefined || p.params !== undefined || p.enabled !== undefined || p.regulation !== undefined || p.article !== undefined, {
    message: 'nothing to change',
  });
export type RuleUpdateInput = z.infer<typeof ruleUpdateInput>;

/** One edit of a rule: who, when, and the rule before and after (without its updatedAt/updatedBy). */
export const ruleChange = z.object({
  id: z.number().int(),
  changedAt: timestamp,
  changedBy: z.string(),
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
  comment: z.string().nullable(),
});
export const ruleHistory = z.array(ruleChange);

export const overlayIdParam = z
  .string()
  .regex(/^\d{1,18}$/, 'must be an overlay id')
  .meta({ description: 'an overlay id' });
export const overlayVersion = z.object({
  version: z.number().int(),
  change: z.string().meta({ description: 'created, updated or retired' }),
  changedAt: timestamp,
  properties: z.record(z.string(), z.unknown()),
  geometry: z.record(z.string(), z.unknown()).nullable().meta({ description: 'GeoJSON geometry of that version' }),
});
export const overlayVersions = z.array(overlayVersion);

/** The downtilt taken for a sector that gives none. */
export const DEFAULT_DOWNTILT_DEG = 6;

export const sitingSector = z.object({
  eirpDbm: z.number().min(0, 'must be between 0 and 100 dBm').max(100, 'must be between 0 and 100 dBm'),
  azimuthDeg: z.number().min(0).lt(360, 'must be at least 0 and under 360').nullable().default(null),
  bandMHz: z.number().int().min(400, 'must be between 400 and 100000 MHz').max(100_000, 'must be between 400 and 100000 MHz'),
  antennaHeightM: z.number().min(0).max(300).optional(),
  downtiltDeg: z.number().min(-20).max(30).default(DEFAULT_DOWNTILT_DEG),
});

/** A proposed structure (location, kind, height, build form) or a stored one (structureId), and the sectors to add. */
export const sitingConditionsInput = z
  .object({
    structureId: z.number().int().positive().optional(),
    location: lonLat.optional(),
    kind: oneOf(STRUCTURE_KINDS).optional(),
    heightM: z.number().gt(0, 'must be more than 0 m').max(300, 'must be at most 300 m').optional(),
    buildForm: oneOf(BUILD_FORMS).optional(),
    sectors: z.array(sitingSector).max(48, 'at most 48 sectors').default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.structureId !== undefined) return;
    for (const f of ['location', 'kind', 'heightM', 'buildForm'] as const) {
      if (p[f] === undefined) ctx.addIssue({ code: 'custom', path: [f], message: 'is required for a proposed structure (or give structureId)' });
    }
  });
/** As the siting engine takes it: parsed, defaults filled. */
export type SitingConditionsInput = z.output<typeof sitingConditionsInput>;

/** The one site condition: what a rule says about a site, what set it off, and the rule and article behind it. */
export const siteCondition = z.object({
  code: z.string().meta({ description: `the rule's outcome: ${SITE_CONDITIONS.join(', ')}` }),
  severity: z.enum(['forbidden', 'condition', 'advisory']),
  trigger: z.record(z.string(), z.unknown()).meta({ description: 'what set it off: an overlay, the build form, the EMF at a sensitive site' }),
  rule: z.string(),
  regulation: z.string(),
  article: z.string().nullable(),
});
export type SiteCondition = z.infer<typeof siteCondition>;

/** A site condition as the co-location analysis lists it per candidate: the overlay that sets it and its source in one line. */
export const overlayCondition = z.object({
  condition: siteCondition.shape.code,
  overlay: z.string().meta({ description: 'the overlay kind' }),
  source: z.string().meta({ description: 'regulation, article' }),
});
export type OverlayCondition = z.infer<typeof overlayCondition>;

const sensitiveSite = z.object({ id: z.number().int(), kind: z.string(), name: z.string(), distanceM: z.number(), inside: z.boolean() });

/** EMF at the nearest sensitive site from every sector of the site (existing tenants and the ones added). */
export const emfAssessment = z.object({
  sectors: z.number().int(),
  existingSectors: z.number().int(),
  projectShare: z.number(),
  complianceDistanceM: z.number(),
  rule: z.string(),
  regulation: z.string(),
  article: z.string().nullable(),
  sensitiveSite: sensitiveSite.nullable(),
  powerDensityWm2: z.number().nullable(),
  limitRatio: z.number().nullable(),
  mainBeamLimitRatio: z.number().nullable(),
});

export const sitingResult = z
  .object({
    verdict: z.enum(['allowed', 'allowed_with_conditions', 'forbidden']),
    site: z.object({
      structureId: z.number().int().nullable(),
      location: z.object({ lon: z.number(), lat: z.number() }),
      kind: z.string(),
      heightM: z.number(),
      buildForm: z.string(),
      proposed: z.boolean(),
    }),
    conditions: z.array(siteCondition),
    emf: emfAssessment.nullable(),
  })
  .meta({ id: 'SitingResult' });
export type SitingResult = z.infer<typeof sitingResult>;
