import type { ApplicationState, ApplicationSummary } from '@cosite/contracts';
import type { User } from '../auth';

/** An application as the API lists it: the contract's summary (the panel shows part of it). */
export type Application = ApplicationSummary;

export interface ApplicationsView {
  selected: string | null;
  list: Application[] | null;
}

export const NEW_APPLICATIONS: ApplicationsView = { selected: null, list: null };

/** The moves this user can make on this application (the API decides; this only offers the buttons). */
export function movesFor(user: User | null, a: Application): ApplicationState[] {
  if (!user) return [];
  const applicant = user.role === 'planner' && user.organisationId === a.organisationId;
  if (applicant && (a.state === 'draft' || a.state === 'returned')) return ['submitted'];
  if (user.role === 'bureau' && a.state === 'bureau_review') return ['submitted', 'returned'];
  if (user.role === 'regulator' && a.state === 'submitted') return ['in_review'];
  if (user.role === 'regulator' && a.state === 'in_review') return ['approved', 'rejected', 'returned'];
  return [];
}
