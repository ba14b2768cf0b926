import { z } from 'zod';
import { geometry, oneOf, timestamp } from './zod';

/** Facility protection: works near telecom facilities against their protection zones (art. 21, 22) and pipeline spacing (art. 14). */

/** Works near a facility, as a protection check names them (art. 21 needs notice, art. 22 forbids). */
export const WORKS_ACTIVITIES = [
  // art. 21: prior notice to the owner and protective measures
  'building',
  'transport_works',
  'water_works',
  'utility_line_laying',
  'underwater_works',
  'blasting',
  'mining',
  'hazardous_plant',
  // art. 22: forbidden within the zone
  'burning',
  'kiln',
  'pile_driving',
  'pipe_jacking',
  'flammable_storage',
  'corrosive_dumping',
  'digging',
  'ditch_or_well',
  'planting',
  'septic_tank',
  'animal_pen',
  'biogas_pit',
  'anchoring_trawling_dredging',
  'attaching_or_climbing',
] as const;
export type WorksActivity = (typeof WORKS_ACTIVITIES)[number];

/** Facilities a protection zone is drawn around. */
export const PROTECTED_FACILITY_KINDS = ['buried_duct', 'buried_cable', 'aerial_line', 'tower', 'equipment_room', 'submarine_cable'] as const;
export type ProtectedFacilityKind = (typeof PROTECTED_FACILITY_KINDS)[number];

/** Kinds of other pipelines whose spacing from telecom lines art. 14 sets. */
export const PIPELINE_KINDS = ['power_cable', 'gas', 'water', 'sewer', 'heat'] as const;
export type PipelineKind = (typeof PIPELINE_KINDS)[number];

export const protectionCheckInput = z
  .object({
    area: geometry(['Polygon', 'LineString']),
    widthM: z.number().gt(0, 'must be more than 0 m').max(500, 'must be at most 500 m').optional(),
    activities: z.array(oneOf(WORKS_ACTIVITIES)).min(1, 'name at least one planned activity').max(WORKS_ACTIVITIES.length),
    pipeline: z
      .object({ kind: oneOf(PIPELINE_KINDS) })
      .strict()
      .optional(),
    title: z.string().trim().max(200).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const type = (p.area as { type?: string } | undefined)?.type;
    if (type === 'LineString' && p.widthM === undefined)
      ctx.addIssue({ code: 'custom', path: ['widthM'], message: 'is required for a works line (the width of the works strip, in metres)' });
  });
export type ProtectionCheckInput = z.infer<typeof protectionCheckInput>;

/** What an activity needs at a facility: forbidden (art. 22), notice to the owner (art. 21), or protective measures just outside the zone. */
export const WORKS_OUTCOMES = ['forbidden', 'notify_owner', 'protective_measures'] as const;
export type WorksOutcome = (typeof WORKS_OUTCOMES)[number];

export const protectionCheckId = z.uuid({ error: 'must be a check id (UUID)' });
/** An owner a check found, in a notice's path. */
export const protectionOwnerId = z.string().meta({ description: 'the id of an owner the check found (an organisation id)' });

const owner = z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string(), contact: z.string().nullable() });

export const protectionConflict = z.object({
  facility: z.object({
    type: z.enum(['structure', 'route']),
    id: z.number().int(),
    protectedKind: z.enum(PROTECTED_FACILITY_KINDS),
    kind: z.string(),
    code: z.string().nullable(),
    name: z.string().nullable(),
    geometry: z.record(z.string(), z.unknown()).meta({ description: "the facility's GeoJSON geometry" }),
  }),
  owner,
  distanceM: z.number(),
  insideZone: z.boolean(),
  zoneWidthM: z.number(),
  activities: z.array(
    z.object({
      activity: z.enum(WORKS_ACTIVITIES),
      outcome: z.enum(WORKS_OUTCOMES),
      rule: z.string().nullable(),
      regulation: z.string(),
      article: z.string().nullable(),
    }),
  ),
});
export type ProtectionConflict = z.infer<typeof protectionConflict>;

export const pipelineSpacing = z.object({
  route: z.object({ id: z.number().int(), kind: z.string(), code: z.string().nullable() }),
  pipeline: z.enum(PIPELINE_KINDS),
  relation: z.enum(['crossing', 'parallel']),
  requiredM: z.number(),
  distanceM: z.number().nullable().meta({ description: 'null for a crossing (its clearance is vertical)' }),
  ok: z.boolean().nullable(),
  rule: z.string(),
  regulation: z.string(),
  article: z.string().nullable(),
});

/** What a check finds, as stored. */
export const protectionFindings = z.object({
  title: z.string().nullable(),
  works: z.object({
    geometryType: z.enum(['Polygon', 'LineString']),
    widthM: z.number().nullable(),
    activities: z.array(z.enum(WORKS_ACTIVITIES)),
    pipeline: z.object({ kind: z.enum(PIPELINE_KINDS) }).nullable(),
  }),
  verdict: z.enum(['clear', ...WORKS_OUTCOMES]),
  conflicts: z.array(protectionConflict),
  spacing: z.array(pipelineSpacing),
  owners: z.array(owner.extend({ facilities: z.number().int() })),
});
export type ProtectionFindings = z.infer<typeof protectionFindings>;

export const protectionCheckResult = z.object({ id: z.string(), createdAt: timestamp, ...protectionFindings.shape });
export type ProtectionCheckResult = z.infer<typeof protectionCheckResult>;

/** A stored check read back: its findings and the works area. */
export const protectionCheckView = protectionCheckResult.extend({ area: z.record(z.string(), z.unknown()).meta({ description: 'the works area as GeoJSON' }) });
export type ProtectionCheckView = z.infer<typeof protectionCheckView>;
