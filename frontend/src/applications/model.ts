import type { ApplicationListQuery, ApplicationState, ApplicationSummary } from '@cosite/contracts';
import type { User } from '../auth';

/** An application as the API lists it: the contract's summary (the panel shows part of it). */
export type Application = ApplicationSummary;

/** The queue's filters and order, as GET /applications takes them ('' = any). */
export interface QueueFilter {
  state: ApplicationState | '';
  district: string;
  operator: string;
  assignee: string;
  overdue: boolean;
  sort: 'created' | 'updated' | 'due';
  order: 'asc' | 'desc';
}

export interface ApplicationsView {
  selected: string | null;
  list: Application[] | null;
  filter?: QueueFilter;
}

export const NEW_APPLICATIONS: ApplicationsView = { selected: null, list: null };
export const NEW_FILTER: QueueFilter = { state: '', district: '', operator: '', assignee: '', overdue: false, sort: 'updated', order: 'desc' };

/** The list query for a filter: only what is set. */
export function queueQuery(f: QueueFilter): ApplicationListQuery {
  const q: ApplicationListQuery = { sort: f.sort, order: f.order };
  if (f.state) q.state = f.state;
  if (f.district) q.district = Number(f.district);
  if (f.operator) q.operator = f.operator;
  if (f.assignee) q.assignee = f.assignee;
  if (f.overdue) q.overdue = 'true';
  return q;
}

/** States in which nothing more happens. */
export const FINAL_STATES: readonly ApplicationState[] = ['approved', 'rejected', 'withdrawn'];

/** Moves that must carry a comment (the API refuses them without one, comment_required): the applicant must learn why. */
export const COMMENT_REQUIRED: readonly ApplicationState[] = ['returned', 'rejected'];

/** Moves asked for again in a dialog before they are made: they cannot be taken back. */
export const CONFIRMED: readonly ApplicationState[] = ['approved', 'rejected', 'withdrawn'];

/** The planner of the organisation that filed it. */
export const isApplicant = (user: User | null, a: Pick<Application, 'organisationId'>): boolean =>
  user?.role === 'planner' && user.organisationId === a.organisationId;

/** The moves this user can make on this application (the API decides; this only offers the buttons). */
export function movesFor(user: User | null, a: Application): ApplicationState[] {
  if (!user) return [];
  const applicant = isApplicant(user, a);
  if (applicant && (a.state === 'draft' || a.state === 'returned')) return ['submitted', 'withdrawn'];
  if (applicant && !FINAL_STATES.includes(a.state)) return ['withdrawn'];
  if (user.role === 'bureau' && a.state === 'bureau_review') return ['submitted', 'returned'];
  if (user.role === 'regulator' && a.state === 'submitted') return ['in_review'];
  if (user.role === 'regulator' && a.state === 'in_review') return ['approved', 'rejected', 'returned'];
  return [];
}

/** A file size as people read it (KiB/MiB by 1024, one decimal). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A checksum shortened for a table (the full one in its title): the first 12 hex digits. */
export const shortSha = (sha256: string): string => sha256.slice(0, 12);
