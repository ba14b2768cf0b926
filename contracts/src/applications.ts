import { z } from 'zod';
import { analysisResult } from './colocation';
import { STRUCTURE_KINDS } from './enums';
import { overlayCondition } from './zoning';
import { lonLat, oneOf, timestamp, uuid } from './zod';

/**
 * Applications (share, upgrade or new build, filed from a co-location analysis), their workflow states, and the
 * in-app notifications the workflow sends. The workflow's rules live in backend/src/applications/workflow.ts.
 */

export const APPLICATION_STATES = ['draft', 'submitted', 'bureau_review', 'in_review', 'approved', 'rejected', 'returned'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];
export const APPLICATION_KINDS = ['share', 'upgrade', 'new_build'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

const versionRead = z.number({ error: 'is required (the version you read)' }).int();

/** POST /applications */
export const applicationCreateInput = z
  .object({
    analysisId: z.uuid({ error: 'must be an analysis id (UUID)' }),
    kind: oneOf(APPLICATION_KINDS).optional(),
    structureId: z.number().int().positive().optional(),
    /** A new build's site, when the analysis suggested none (it found something to share). */
    site: lonLat.optional(),
    justification: z.string().trim().max(5000).optional(),
  })
  .strict();
export type ApplicationCreateInput = z.infer<typeof applicationCreateInput>;

/** PATCH /applications/:id */
export const applicationUpdateInput = z.object({ version: versionRead, justification: z.string().trim().max(5000) }).strict();
export type ApplicationUpdateInput = z.infer<typeof applicationUpdateInput>;

/** POST /applications/:id/transitions */
export const applicationTransitionInput = z
  .object({ to: oneOf(APPLICATION_STATES), version: versionRead, comment: z.string().trim().max(5000).optional() })
  .strict();
export type ApplicationTransitionInput = z.infer<typeof applicationTransitionInput>;

/** GET /applications?state=&overdue= */
export const applicationListQuery = z.object({ state: oneOf(APPLICATION_STATES).optional(), overdue: z.enum(['true', 'false']).optional() }).strict();
export type ApplicationListQuery = z.infer<typeof applicationListQuery>;

export const applicationId = z.uuid({ error: 'must be an application id (UUID)' });
export const notificationId = z.coerce.number().int().positive().meta({ type: 'integer', minimum: 1 });

/** Days spent in each state the application went through, against its limit (APPLICATION_REVIEW_DAYS). */
export const reviewClockEntry = z.object({
  state: z.enum(APPLICATION_STATES),
  enteredAt: timestamp,
  days: z.number(),
  limitDays: z.number().nullable(),
  overdue: z.boolean(),
  /** The state the application is in now (its clock runs until now). */
  current: z.boolean(),
});
export type ReviewClockEntry = z.infer<typeof reviewClockEntry>;

/** What a new build would put up, kept with the application. */
export const proposedStructure = z.object({
  kind: z.enum(STRUCTURE_KINDS),
  heightM: z.number(),
  slotsTotal: z.number().int(),
  loadCapacityKg: z.number(),
  /** A co-built site: the tenants it is designed for. */
  tenantsDesignedFor: z.number().int().optional(),
});
export type ProposedStructure = z.infer<typeof proposedStructure>;

/** An application as stored (what a write answers). */
export const applicationRecord = z
  .object({
    id: uuid,
    code: z.string().meta({ description: 'APP-<year>-<number>' }),
    kind: z.enum(APPLICATION_KINDS),
    state: z.enum(APPLICATION_STATES),
    organisationId: z.string(),
    operatorId: z.string(),
    analysisId: uuid,
    /** The structure shared or upgraded; null for a new build. */
    structureId: z.number().int().nullable(),
    /** The site conditions of the chosen candidate or new-build site, as the analysis gave them (kept as they were). */
    conditions: z.array(overlayCondition),
    justification: z.string().nullable(),
    shareWasFeasible: z.boolean(),
    needsBureauReview: z.boolean(),
    bureauClearedAt: timestamp.nullable(),
    resultStructureId: z.number().int().nullable(),
    resultTenancyId: z.number().int().nullable(),
    /** Optimistic locking: send it back with an edit or a transition. */
    version: z.number().int(),
    proposedStructure: proposedStructure.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
    stateChangedAt: timestamp,
    proposedSite: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }).nullable(),
  })
  .meta({ id: 'ApplicationRecord' });
export type ApplicationRecord = z.infer<typeof applicationRecord>;

/** An application as listed: with its review clock. */
export const applicationSummary = applicationRecord.extend({ clock: z.array(reviewClockEntry), overdue: z.boolean() });
export type ApplicationSummary = z.infer<typeof applicationSummary>;

/** One application: with the analysis it was filed from, as it was then (later data changes do not rewrite it). */
/** The analysis result an application keeps, as it was when filed (later data changes do not rewrite it). */
export const analysisSnapshot = analysisResult.omit({ id: true, createdAt: true, coBuild: true });
export type AnalysisSnapshot = z.infer<typeof analysisSnapshot>;

/** One application: with the analysis it was filed from, as it was then. */
export const applicationDetail = applicationSummary.extend({ analysisSnapshot });
export type ApplicationDetail = z.infer<typeof applicationDetail>;

export const applicationList = z.object({ applications: z.array(applicationSummary) });
export type ApplicationList = z.infer<typeof applicationList>;

export const notificationItem = z.object({
  id: z.number().int(),
  applicationId: uuid.nullable(),
  /** The state the application went to. */
  kind: z.string(),
  payload: z.object({ code: z.string(), state: z.string(), comment: z.string().nullable() }).partial(),
  createdAt: timestamp,
  readAt: timestamp.nullable(),
});
export const notificationList = z.object({ unread: z.number().int(), notifications: z.array(notificationItem) });
export type NotificationList = z.infer<typeof notificationList>;
export const notificationRead = z.object({ id: z.number().int(), read: z.literal(true) });
export type NotificationRead = z.infer<typeof notificationRead>;
