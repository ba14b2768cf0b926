import type { User } from '../auth';

/** An application as the API returns it (the parts the panel shows). */
export interface Application {
  id: string;
  code: string;
  kind: 'share' | 'upgrade' | 'new_build';
  state: 'draft' | 'submitted' | 'bureau_review' | 'in_review' | 'approved' | 'rejected' | 'returned';
  organisationId: string;
  operatorId: string;
  analysisId: string;
  structureId: number | null;
  justification: string | null;
  shareWasFeasible: boolean;
  needsBureauReview: boolean;
  version: number;
  overdue: boolean;
  clock: { state: string; days: number; limitDays: number | null; overdue: boolean; current: boolean }[];
}

export interface ApplicationsView {
  selected: string | null;
  list: Application[] | null;
}

export const NEW_APPLICATIONS: ApplicationsView = { selected: null, list: null };

/** The moves this user can make on this application (the API decides; this only offers the buttons). */
export function movesFor(user: User | null, a: Application): string[] {
  if (!user) return [];
  const applicant = user.role === 'planner' && user.organisationId === a.organisationId;
  if (applicant && (a.state === 'draft' || a.state === 'returned')) return ['submitted'];
  if (user.role === 'bureau' && a.state === 'bureau_review') return ['submitted', 'returned'];
  if (user.role === 'regulator' && a.state === 'submitted') return ['in_review'];
  if (user.role === 'regulator' && a.state === 'in_review') return ['approved', 'rejected', 'returned'];
  return [];
}
