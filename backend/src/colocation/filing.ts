/**
 * Who may file a demand for which operator: a rule of co-location (it was in auth/roles, which made colocation
 * and auth import each other).
 */

/** Who files a demand: the signed-in user, or the organisation that uploaded a batch. */
export interface Filer {
  organisationId: string;
  organisationKind: string;
}

/**
 * An operator's users file demands for that operator only; the tower company (and the regulator, admins) for any.
 * Null when the filing is allowed, else the problem.
 */
export function demandRefusal(filer: Filer | undefined, operator: string): string | null {
  return filer?.organisationKind === 'operator' && operator !== filer.organisationId
    ? `a planner of ${filer.organisationId} cannot file demands for ${operator}`
    : null;
}
