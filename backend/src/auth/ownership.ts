import type { SignedInUser } from './roles';

/** Who writes a row, as far as ownership goes. */
export type Writer = Pick<SignedInUser, 'organisationId' | 'role'>;

/**
 * Who may write which inventory row: an administrator any; a planner only rows its own organisation owns (a
 * tenancy's operator, a structure's or route's owner); nobody else. Null when allowed, else why not.
 * The API, the bulk import and smart-pole acceptance ask this; approvals do not (their workflow decides who acts).
 */
export function ownershipRefusal(writer: Writer, owner: unknown, what: string): string | null {
  if (writer.role === 'admin') return null;
  if (writer.role !== 'planner') return `a ${writer.role} does not write ${what}`;
  if (owner === writer.organisationId) return null;
  return `is ${JSON.stringify(owner ?? null)}; a planner of ${writer.organisationId} writes only ${writer.organisationId}'s ${what}`;
}
