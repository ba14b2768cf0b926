import { z } from 'zod';
import { analysisResult } from './colocation';
import { STRUCTURE_KINDS } from './enums';
import { overlayCondition } from './zoning';
import { lonLat, oneOf, timestamp, uuid } from './zod';

/**
 * Applications (share, upgrade or new build, filed from a co-location analysis), their workflow states, and the
 * in-app notifications the workflow sends. The workflow's rules live in backend/src/applications/workflow.ts.
 *
 * The approval portal (issue 16): withdrawing is a transition like the others (POST /applications/:id/transitions
 * with `to: 'withdrawn'`, the applicant's, before a decision); returning and rejecting need a `comment`
 * (400 comment_required). Districts are named `districtName: {zh, en}`.
 */

export const APPLICATION_STATES = ['draft', 'submitted', 'bureau_review', 'in_review', 'approved', 'rejected', 'returned', 'withdrawn'] as const;
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

/** How the queue is sorted: by when filed, last changed, or when the current state's review time runs out. */
export const APPLICATION_SORTS = ['created', 'updated', 'due'] as const;
export type ApplicationSort = (typeof APPLICATION_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;

/** GET /applications?state=&overdue=&district=&operator=&assignee=&sort=&order= (the regulator's queue) */
export const applicationListQuery = z
  .object({
    state: oneOf(APPLICATION_STATES).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    /** The site's district (its administrative code), found in PostGIS from the analysis location. */
    district: z.coerce
      .number({ error: 'must be a district id (its administrative code)' })
      .int({ error: 'must be a district id (its administrative code)' })
      .positive({ error: 'must be a district id (its administrative code)' })
      .meta({ type: 'integer' })
      .optional(),
    /** The operator applied for (an organisation id). */
    operator: z.string().trim().min(1).max(100).optional(),
    /** A regulator's username, or `me`. */
    assignee: z.string().trim().min(1).max(100).optional(),
    sort: oneOf(APPLICATION_SORTS).optional(),
    order: oneOf(SORT_ORDERS).optional(),
  })
  .strict();
export type ApplicationListQuery = z.infer<typeof applicationListQuery>;

/** POST /applications/:id/assignment: the regulator who reviews it (a regulator's username), or null to release it. */
export const applicationAssignmentInput = z
  .object({ version: versionRead, assignee: z.string({ error: "is required (a regulator's username, or null)" }).trim().min(1).max(100).nullable() })
  .strict();
export type ApplicationAssignmentInput = z.infer<typeof applicationAssignmentInput>;

/** GET /applications/reviewers: the regulators an application may be assigned to. */
export const reviewerList = z.object({ reviewers: z.array(z.object({ username: z.string(), displayName: z.string() })) });
export type ReviewerList = z.infer<typeof reviewerList>;

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

/** A comment made with a transition. */
export const lastComment = z.object({
  at: timestamp,
  actor: z.string().meta({ description: "the commenter's username" }),
  actorName: z.string().nullable(),
  comment: z.string(),
  /** The state the transition went to. */
  to: z.enum(APPLICATION_STATES),
});
export type LastComment = z.infer<typeof lastComment>;

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
    /** The regulator reviewing it (username) and their display name; null while unassigned. */
    assignee: z.string().nullable(),
    assigneeName: z.string().nullable(),
    /** The district the site lies in (from the analysis location), null outside every district. */
    districtId: z.number().int().nullable(),
    districtName: z.object({ zh: z.string(), en: z.string().nullable() }).nullable(),
    /** The latest comment made with a transition (a return's or rejection's reason), shown to the applicant. */
    lastComment: lastComment.nullable(),
    /** The decision letter's number (e.g. 渝通管函〔2026〕0001号), given once at approval or rejection. */
    letterNumber: z.string().nullable(),
    decidedAt: timestamp.nullable(),
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

/** POST /notifications/read-all */
export const notificationsReadAll = z.object({ read: z.number().int().meta({ description: 'how many were unread and are now read' }) });
export type NotificationsReadAll = z.infer<typeof notificationsReadAll>;

/** What happened to an application, as its timeline shows it. */
export const TIMELINE_ACTIONS = ['created', 'updated', 'transition', 'assigned', 'attachment_added'] as const;
export type TimelineAction = (typeof TIMELINE_ACTIONS)[number];

/** GET /applications/:id/timeline: oldest first, built from the audit trail. */
export const timelineEvent = z.object({
  at: timestamp,
  /** Username of who acted. */
  actor: z.string(),
  actorName: z.string().nullable(),
  organisationId: z.string().nullable(),
  action: z.enum(TIMELINE_ACTIONS),
  /** For a transition: the states it went from and to; null otherwise. */
  from: z.enum(APPLICATION_STATES).nullable(),
  to: z.enum(APPLICATION_STATES).nullable(),
  comment: z.string().nullable(),
  /** For an assignment the assignee's username (null: released); for an attachment its file name; otherwise null. */
  detail: z.string().nullable(),
});
export type TimelineEvent = z.infer<typeof timelineEvent>;
export const applicationTimeline = z.object({ events: z.array(timelineEvent) });
export type ApplicationTimeline = z.infer<typeof applicationTimeline>;

/** Documents filed with an application: drawings, the landowner's consent, the EMF (electromagnetic exposure) report. */
export const ATTACHMENT_KINDS = ['drawing', 'land_consent', 'emf_report', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
/** The file types accepted (DWG/DXF drawings come as application/octet-stream with a .dwg or .dxf name). */
export const ATTACHMENT_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'application/octet-stream'] as const;

/** POST /applications/:id/attachments?kind=&filename= with the file as the raw body. */
export const attachmentUploadQuery = z
  .object({
    kind: oneOf(ATTACHMENT_KINDS),
    filename: z.string({ error: 'is required (the file name)' }).trim().min(1, { error: 'is required (the file name)' }).max(200),
  })
  .strict();
export type AttachmentUploadQuery = z.infer<typeof attachmentUploadQuery>;

export const attachmentId = z.coerce.number().int().positive().meta({ type: 'integer', minimum: 1 });

export const attachmentItem = z
  .object({
    id: z.number().int(),
    applicationId: uuid,
    kind: z.enum(ATTACHMENT_KINDS),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string().meta({ description: 'hex' }),
    uploadedBy: z.string().meta({ description: "the uploader's username" }),
    uploadedByName: z.string().nullable(),
    uploadedAt: timestamp,
  })
  .meta({ id: 'AttachmentItem' });
export type AttachmentItem = z.infer<typeof attachmentItem>;
export const attachmentList = z.object({ attachments: z.array(attachmentItem) });
export type AttachmentList = z.infer<typeof attachmentList>;

/** GET /applications/:id/decision-letter?lang=zh|en (a PDF). */
export const decisionLetterQuery = z.object({ lang: oneOf(['zh', 'en'] as const).optional() }).strict();
export type DecisionLetterQuery = z.infer<typeof decisionLetterQuery>;
