import { APPLICATION_KINDS, APPLICATION_STATES, type ApplicationKind, type ApplicationState, type ReviewClockEntry } from '@cosite/contracts';
import type { Role } from '../auth/roles';

export { APPLICATION_KINDS, APPLICATION_STATES, type ApplicationKind, type ApplicationState };

/**
 * The application workflow as data: which state may go to which, and who may move it. Pure, so every allowed and
 * forbidden transition is tested without a database.
 *
 *   draft ──submit──▶ submitted ──take up──▶ in_review ──▶ approved | rejected | returned
 *     │                  ▲                                                 │
 *     └──(new build in a zoning overlay)──▶ bureau_review ──cleared──┘      └──resubmit──▶ submitted / bureau_review
 *
 *   any state before a decision (draft, submitted, bureau_review, in_review, returned) ──the applicant──▶ withdrawn
 *   A return or a rejection says why: its row needs a comment.
 */

/** Who acts: the applicant's planners, the regulator, the planning bureau. */
export type Party = 'applicant' | 'regulator' | 'bureau';

interface Transition {
  from: ApplicationState;
  to: ApplicationState;
  by: Party;
  /** The party must say why (the applicant reads it with the returned or rejected application). */
  needsComment?: true;
}

/** The states an applicant may still withdraw from: nothing has been decided yet. */
const WITHDRAWABLE: readonly ApplicationState[] = ['draft', 'submitted', 'bureau_review', 'in_review', 'returned'];

export const TRANSITIONS: readonly Transition[] = [
  { from: 'draft', to: 'submitted', by: 'applicant' },
  { from: 'returned', to: 'submitted', by: 'applicant' },
  { from: 'bureau_review', to: 'submitted', by: 'bureau' },
  { from: 'bureau_review', to: 'returned', by: 'bureau', needsComment: true },
  { from: 'submitted', to: 'in_review', by: 'regulator' },
  { from: 'in_review', to: 'approved', by: 'regulator' },
  { from: 'in_review', to: 'rejected', by: 'regulator', needsComment: true },
  { from: 'in_review', to: 'returned', by: 'regulator', needsComment: true },
  ...WITHDRAWABLE.map((from) => ({ from, to: 'withdrawn' as const, by: 'applicant' as const })),
];

/** The decisions that get a decision letter. */
export const DECISIONS: readonly ApplicationState[] = ['approved', 'rejected'];
/** States nothing moves out of. */
export const FINAL_STATES: readonly ApplicationState[] = ['approved', 'rejected', 'withdrawn'];

export interface Actor {
  role: Role;
  organisationId: string;
}

export interface ApplicationFacts {
  state: ApplicationState;
  kind: ApplicationKind;
  organisationId: string;
  justification: string | null;
  shareWasFeasible: boolean;
  needsBureauReview: boolean;
  bureauCleared: boolean;
}

export function partyOf(actor: Actor, app: Pick<ApplicationFacts, 'organisationId'>): Party | null {
  if (actor.role === 'planner' && actor.organisationId === app.organisationId) return 'applicant';
  if (actor.role === 'regulator') return 'regulator';
  if (actor.role === 'bureau') return 'bureau';
  return null;
}

/** Why a transition may not happen, in the domain's words (contracts' ERRORS gives each its HTTP status). */
export type TransitionRefusal = 'transition_not_allowed' | 'not_your_step' | 'justification_required' | 'comment_required';

export type TransitionResult = { ok: true; state: ApplicationState } | { ok: false; code: TransitionRefusal; problem: string };

/**
 * Where a requested transition really goes (a submission of a new build in a zoning overlay goes to the bureau
 * first), or why it may not happen.
 */
export function transition(app: ApplicationFacts, to: ApplicationState, actor: Actor, comment?: string): TransitionResult {
  const party = partyOf(actor, app);
  const rule = TRANSITIONS.find((t) => t.from === app.state && t.to === to);
  if (!rule) return { ok: false, code: 'transition_not_allowed', problem: `an application in ${app.state} cannot go to ${to}` };
  if (party !== rule.by)
    return {
      ok: false,
      code: 'not_your_step',
      problem: `only the ${rule.by === 'applicant' ? "applicant's planners" : rule.by} may move it from ${app.state} to ${to}`,
    };
  if (rule.needsComment && !comment?.trim())
    return { ok: false, code: 'comment_required', problem: `is required to move an application to ${to}: say why, for the applicant` };
  if (to === 'submitted' && rule.by === 'applicant') {
    if (app.kind === 'new_build' && app.shareWasFeasible && !app.justification?.trim()) {
      return {
        ok: false,
        code: 'justification_required',
        problem: 'a new build where the analysis found a feasible share candidate needs a written justification',
      };
    }
    if (app.needsBureauReview && !app.bureauCleared) return { ok: true, state: 'bureau_review' };
  }
  return { ok: true, state: to };
}

/** Days spent in each state from the transitions' times, against the limits (APPLICATION_REVIEW_DAYS); the current state runs until now. */
export function reviewClock(entered: { state: ApplicationState; at: Date }[], now: Date, limits: Partial<Record<string, number>>): ReviewClockEntry[] {
  return entered.map((e, k) => {
    const until = entered[k + 1]?.at ?? now;
    const days = Math.round(((until.getTime() - e.at.getTime()) / 86_400_000) * 10) / 10;
    const limitDays = limits[e.state] ?? null;
    return {
      state: e.state,
      enteredAt: e.at.toISOString(),
      days,
      limitDays,
      overdue: limitDays !== null && days > limitDays,
      current: k === entered.length - 1,
    };
  });
}
