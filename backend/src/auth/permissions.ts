import type { Request } from 'express';
import { type Role } from './roles';

/**
 * Who may call what: every endpoint, one line each, keyed by method and route pattern as Express matched it.
 * `public` needs no session; a list names the roles allowed; a function decides from the request (imports by
 * layer). An endpoint missing here is refused to everyone, and test/authorisation.int-spec.ts fails on it.
 */
export type Permission = 'public' | readonly Role[] | ((req: Request) => readonly Role[]);

const ALL: readonly Role[] = ['planner', 'regulator', 'bureau', 'admin'];
const PLANNERS: readonly Role[] = ['planner', 'admin'];
const BUREAU: readonly Role[] = ['bureau', 'admin'];
const UPLOADERS: readonly Role[] = ['planner', 'bureau', 'admin'];

const inventory = (layer: string, writers: readonly Role[]): Record<string, Permission> => ({
  [`GET /api/v1/${layer}`]: ALL,
  [`GET /api/v1/${layer}/:id`]: ALL,
  [`GET /api/v1/${layer}/export`]: ALL,
  [`POST /api/v1/${layer}`]: writers,
  [`PATCH /api/v1/${layer}/:id`]: writers,
  [`DELETE /api/v1/${layer}/:id`]: writers,
});

export const PERMISSIONS: Record<string, Permission> = {
  'GET /api/v1/health': 'public',
  'POST /api/v1/auth/sign-in': 'public',
  'POST /api/v1/auth/sign-out': ALL,
  'GET /api/v1/auth/me': ALL,
  'GET /api/v1/users': ['admin'],
  'POST /api/v1/users': ['admin'],
  'PATCH /api/v1/users/:id': ['admin'],

  // which rows a planner may write (its own organisation's) is the ownership rule, auth/ownership.ts
  ...inventory('structures', PLANNERS),
  ...inventory('tenancies', PLANNERS),
  ...inventory('routes', PLANNERS),
  // drive-test measurements: the operators' own
  ...inventory('observed-cells', PLANNERS),
  ...inventory('overlays', BUREAU),
  ...inventory('key-sites', BUREAU),
  'GET /api/v1/overlays/:id/versions': ALL,
  'GET /api/v1/districts': ALL,
  'GET /api/v1/districts/:id': ALL,
  'GET /api/v1/organisations': ALL,

  // zoning data is the bureau's to import; the inventory the planners'
  // zoning and the basemap (streets) are the planning bureau's; the inventory the planners'
  'POST /api/v1/imports': (req) => (['overlays', 'key-sites', 'streets'].includes(String(req.query.layer)) ? BUREAU : PLANNERS),
  'GET /api/v1/imports/:id': ALL,
  // reading a file's sheets and columns, and the mapping profiles, serve whoever imports anything
  'POST /api/v1/imports/inspect': UPLOADERS,
  'GET /api/v1/imports/profiles': UPLOADERS,
  'POST /api/v1/imports/profiles': UPLOADERS,
  'PUT /api/v1/imports/profiles/:id': UPLOADERS,
  'DELETE /api/v1/imports/profiles/:id': UPLOADERS,

  'GET /tiles/:layer/:z/:x/:file': ALL,
  'GET /tiles/:file': ALL,

  'POST /api/v1/coverage/runs': ['planner', 'regulator', 'admin'],
  'GET /api/v1/coverage/runs': ALL,
  'GET /api/v1/coverage/runs/:id': ALL,
  'POST /api/v1/coverage/runs/:id/cancel': ['planner', 'regulator', 'admin'],
  'POST /api/v1/coverage/runs/:id/retry': ['planner', 'regulator', 'admin'],
  'GET /api/v1/coverage/kpis': ALL,
  'GET /api/v1/coverage/gaps': ALL,
  'GET /api/v1/coverage/sectors/load': ALL,
  'GET /api/v1/coverage/capacity-gaps': ALL,
  'GET /api/v1/coverage/cells': ALL,
  'GET /api/v1/coverage/comparison': ALL,
  'GET /api/v1/coverage/path-loss': ALL,
  'GET /api/v1/coverage/profile': ALL,

  // terrain: one DEM under everyone's coverage, so the bureau's (and administrators') to replace; everyone reads it
  'POST /api/v1/terrain/imports': BUREAU,
  'GET /api/v1/terrain/imports/:id': ALL,
  'GET /api/v1/terrain': ALL,
  'GET /api/v1/terrain/hillshade/:z/:x/:file': ALL,
  // clutter (land use per cell): like terrain, under everyone's coverage, so the bureau's to replace
  'POST /api/v1/clutter/imports': BUREAU,
  'GET /api/v1/clutter/imports/:id': ALL,
  'GET /api/v1/clutter': ALL,

  'POST /api/v1/colocation/analyses': PLANNERS,
  'POST /api/v1/colocation/analyses/from-gap': PLANNERS,
  'POST /api/v1/colocation/analyses/from-capacity-gap': PLANNERS,
  // "My analyses": a planner's tool (its organisation's; an administrator's all); others read analyses through applications
  'GET /api/v1/colocation/analyses': PLANNERS,
  'GET /api/v1/colocation/analyses/:id': ALL,
  'GET /api/v1/colocation/analyses/:id/candidates': ALL,
  'POST /api/v1/colocation/batches': PLANNERS,
  'GET /api/v1/colocation/batches/:id': ALL,
  'GET /api/v1/colocation/batches/:id/results': ALL,
  'GET /api/v1/colocation/summary': ALL,

  'POST /api/v1/siting/conditions': ALL,
  'GET /api/v1/rules': ALL,
  'GET /api/v1/rules/:code': ALL,
  'PATCH /api/v1/rules/:code': BUREAU,
  'GET /api/v1/rules/:code/history': ALL,

  'POST /api/v1/protection/checks': ALL,
  'GET /api/v1/protection/checks/:id': ALL,
  'GET /api/v1/protection/checks/:id/notices/:ownerId': ALL,

  // rollout plans: planners make them (an operator's for itself), the regulator reads them as evidence
  'GET /api/v1/plans/settings': ALL,
  'POST /api/v1/plans': PLANNERS,
  'GET /api/v1/plans': ALL,
  'GET /api/v1/plans/:id': ALL,
  'GET /api/v1/plans/:id/cells': ALL,
  'GET /api/v1/plans/:id/sites': ALL,
  'POST /api/v1/plans/:id/analyses': PLANNERS,
  'POST /api/v1/poles/consolidation-runs': ['planner', 'bureau', 'admin'],
  'GET /api/v1/poles/consolidation-runs/:id': ALL,
  'GET /api/v1/poles/consolidation-runs/:id/proposals': ALL,
  'POST /api/v1/poles/consolidation-runs/:id/accept': PLANNERS,

  'POST /api/v1/routes/overlap-checks': PLANNERS,
  'GET /api/v1/routes/overlap-checks/:id': ALL,

  'GET /api/v1/kpis/sharing': ALL,
  'GET /api/v1/kpis': ALL,

  // applications: the service checks who acts on which (applicant, regulator, bureau) and who sees which
  'POST /api/v1/applications': ['planner'],
  'GET /api/v1/applications': ALL,
  'GET /api/v1/applications/:id': ALL,
  'PATCH /api/v1/applications/:id': ['planner'],
  'POST /api/v1/applications/:id/transitions': ['planner', 'regulator', 'bureau'],
  'GET /api/v1/applications/reviewers': ['regulator', 'admin'],
  'POST /api/v1/applications/:id/assignment': ['regulator'],
  'GET /api/v1/applications/:id/timeline': ALL,
  'POST /api/v1/applications/:id/attachments': ['planner', 'regulator'],
  'GET /api/v1/applications/:id/attachments': ALL,
  'GET /api/v1/applications/:id/attachments/:attachmentId': ALL,
  'GET /api/v1/applications/:id/decision-letter': ALL,
  'POST /api/v1/notifications/read-all': ALL,
  'GET /api/v1/audit-events': ['regulator', 'admin'],
  'GET /api/v1/notifications': ALL,
  'POST /api/v1/notifications/:id/read': ALL,
};

/** The roles allowed on this request, 'public', or null when no rule covers the endpoint (refused). */
export function permissionFor(req: Request): 'public' | readonly Role[] | null {
  const rule = PERMISSIONS[`${req.method} ${(req.route as { path?: string } | undefined)?.path ?? ''}`];
  if (rule === undefined) return null;
  return typeof rule === 'function' ? rule(req) : rule;
}

/**
 * The access rule of a documented operation (OpenAPI path `/api/v1/structures/{id}`), as the table keys it; the
 * roles a rule decided per request (imports by layer) are all the roles it may give.
 */
export function documentedAccess(method: string, openApiPath: string): 'public' | readonly Role[] | null {
  const rule = PERMISSIONS[`${method.toUpperCase()} ${openApiPath.replace(/\{(\w+)\}/g, ':$1')}`];
  if (rule === undefined) return null;
  if (typeof rule !== 'function') return rule;
  // the only per-request rule (imports) decides by layer: the union over an inventory and a zoning layer
  const probes = ['structures', 'overlays'].map((layer) => rule({ query: { layer } } as unknown as Request));
  return [...new Set(probes.flat())];
}
