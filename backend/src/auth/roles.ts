/** What a user may do follows from the kind of organisation they belong to. */
export const ROLES = ['planner', 'regulator', 'bureau', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Operators and the tower company plan sites; the regulator decides; the planning bureau zones; administrators run Cosite. */
export const ROLE_OF_ORGANISATION_KIND: Record<string, Role | undefined> = {
  operator: 'planner',
  tower_company: 'planner',
  regulator: 'regulator',
  planning_bureau: 'bureau',
  administrator: 'admin',
};

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
  return filer?.organisationKind === 'operator' && operator !== filer.organisationId ? `a planner of ${filer.organisationId} cannot file demands for ${operator}` : null;
}

export interface SignedInUser {
  id: number;
  username: string;
  displayName: string;
  organisationId: string;
  organisationKind: string;
  role: Role;
}

/** Session lifetimes, lock-out and sign-in rate: security defaults, one place. */
export const AUTH_DEFAULTS = {
  /** A session ends after this long without a request… */
  idleMinutes: 30,
  /** …and in any case this long after sign-in. */
  absoluteHours: 12,
  /**
   * Failed sign-ins in a row, from one client for one username, that lock that username *for that client*, and for
   * how long: a stranger who guesses wrong locks only themselves out, never the account's owner.
   */
  lockAfterFailures: 5,
  lockMinutes: 15,
  /** Each failure from a client for a username delays the answer: base × 2^(failures − 1), capped. */
  failureDelayBaseMs: 100,
  failureDelayMaxMs: 2000,
  /** Usernames failing to sign in from one client (password spraying) before that client is refused for a while. */
  clientFailureLimit: 30,
  clientFailureWindowMinutes: 10,
  /** Sign-in attempts per client address and username per minute. */
  signInPerMinute: 20,
  sessionCookie: 'cosite_session',
  /** Readable by the page (double-submit CSRF token), sent back as the X-CSRF-Token header. */
  csrfCookie: 'cosite_csrf',
} as const;
