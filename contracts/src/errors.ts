import { z } from 'zod';

/**
 * Every error code the API answers with, and its HTTP status: the one exhaustive place where a domain outcome
 * becomes an HTTP number. A code travels in the error body as `code`; `error` is its status's general class.
 * Domain codes say what went wrong in the field's words, so a client can act on them without parsing messages.
 */
export const ERRORS = {
  // general classes
  validation_failed: { status: 400, description: 'a field of the request is missing or wrong; errors[] names each field and its problem' },
  unauthenticated: { status: 401, description: 'no live session: sign in first' },
  forbidden: { status: 403, description: "this user's role or organisation may not do this" },
  not_found: { status: 404, description: 'the thing named in the path does not exist (or is not visible to this user)' },
  conflict: { status: 409, description: 'conflicts with the current state of the data' },
  payload_too_large: { status: 413, description: 'the body or file is larger than the limit' },
  unsupported_media_type: { status: 415, description: 'the Content-Type, charset or encoding is not accepted here' },
  locked: { status: 423, description: 'the account is locked' },
  too_many_requests: { status: 429, description: 'too many attempts from this client; try again later' },
  internal_error: { status: 500, description: 'an error of ours, logged with the request id' },
  // domain codes
  run_not_finished: { status: 409, description: "the run has not finished (or failed): only a finished run's proposals can be accepted" },
  poles_changed: { status: 409, description: 'poles of the proposal were merged or changed since the run; run it again' },
  transition_not_allowed: { status: 409, description: 'the application cannot go from its current state to the state asked for' },
  not_your_step: { status: 403, description: 'another party moves the application at this step (the applicant, the regulator or the planning bureau)' },
  justification_required: { status: 400, description: 'a new build where the analysis found a feasible share needs a written justification' },
  comment_required: { status: 400, description: 'returning or rejecting an application needs a comment saying why' },
  application_not_decided: { status: 409, description: 'the application is not approved or rejected yet, so it has no decision letter' },
  attachment_not_allowed: { status: 409, description: 'files can be attached only until the application is decided (or withdrawn)' },
  application_not_editable: { status: 409, description: 'only a draft or returned application can be edited' },
  version_conflict: { status: 409, description: 'the record changed since the version sent; read it again' },
  structure_full: { status: 409, description: 'the structure has no room left (mount slots or load) for what is asked' },
  ownership_refused: { status: 403, description: "a planner writes only its own organisation's inventory (structures, tenancies, routes, smart poles)" },
  username_taken: { status: 409, description: 'another user has this username' },
  rule_disabled: { status: 409, description: 'the regulation rule this check needs is disabled; an administrator or the planning bureau can enable it' },
  operator_mismatch: {
    status: 403,
    description: "an operator's planner files demands for its own operator only (the tower company, the regulator and administrators for any)",
  },
  still_referenced: { status: 409, description: "other rows still refer to this one (a structure's tenancies): remove them first" },
  already_retired: { status: 409, description: 'the overlay is already retired (it stays, with its versions, out of force)' },
  run_in_progress: { status: 409, description: 'a whole-city coverage run is already going; cancel it first (or wait for it to end)' },
  run_not_running: { status: 409, description: 'the coverage run is not running, so there is nothing to cancel' },
  run_not_retryable: { status: 409, description: 'only a failed or cancelled coverage run can be retried (a running or completed one cannot)' },
  terrain_missing: { status: 400, description: 'no terrain under a point of the request: import a DEM that covers it (GET /api/v1/terrain lists the tiles)' },
  outside_city_grid: { status: 400, description: 'the file does not overlap the city grid (the central districts)' },
  plan_not_ready: { status: 409, description: 'the rollout plan is still queued or running (or failed): its sites and cells come once it is completed' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]];

/** The general class of a status, as the body's `error` (what clients written before domain codes read). */
export const ERROR_CLASS_OF_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  423: 'locked',
  429: 'too_many_requests',
  500: 'internal_error',
};

/**
 * The kinds of field problem a client can put in its own words: the machine-readable side of `problem` (which stays
 * English, for API users). Problems the edge cannot classify (a service's own check) have no kind.
 */
export const FIELD_PROBLEM_KINDS = [
  'required',
  'not_a_number',
  'not_integer',
  'wrong_type',
  'too_small',
  'too_big',
  'not_one_of',
  'invalid_format',
  'unknown_field',
  'invalid_geometry',
  'invalid_position',
  'invalid',
] as const;
export type FieldProblemKind = (typeof FIELD_PROBLEM_KINDS)[number];

/** The bound or the choices a problem's kind refers to (too_small: min; too_big: max; not_one_of: values…). */
export const fieldProblemParams = z.object({
  min: z.number().optional(),
  max: z.number().optional(),
  inclusive: z.boolean().optional().meta({ description: 'whether the bound itself is allowed' }),
  origin: z.string().optional().meta({ description: 'what the bound counts: number, string (characters), array (items)…' }),
  values: z.array(z.string()).optional(),
  format: z.string().optional().meta({ description: 'the expected format (date, uuid, regex…)' }),
});
export type FieldProblemParams = z.infer<typeof fieldProblemParams>;

/** One problem with one field of a request: what the API answers for every bad input. */
export const fieldProblem = z.object({
  field: z.string(),
  problem: z.string(),
  kind: z.enum(FIELD_PROBLEM_KINDS).optional().meta({ description: 'what kind of problem, for a client to word it in its own language' }),
  params: fieldProblemParams.optional(),
});
export type FieldProblem = z.infer<typeof fieldProblem>;

/** The one shape of every error body. */
export const errorBody = z.object({
  statusCode: z.number().int(),
  error: z.string().meta({ description: "the status's general class (validation_failed, conflict, …)" }),
  code: z.enum(ERROR_CODES).meta({ description: 'what went wrong, in the domain’s words' }),
  message: z.string(),
  errors: z.array(fieldProblem),
});
export type ErrorBody = z.infer<typeof errorBody>;
