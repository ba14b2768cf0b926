import type { Role } from '@cosite/contracts';

/** What a user may do follows from the kind of organisation they belong to (the roles and the user: the auth contract). */
export { ROLES, type Role, type SignedInUser } from '@cosite/contracts';

/** Operators and the tower company plan sites; the regulator decides; the planning bureau zones; administrators run Cosite. */
export const ROLE_OF_ORGANISATION_KIND: Record<string, Role | undefined> = {
  operator: 'planner',
  tower_company: 'planner',
  regulator: 'regulator',
  planning_bureau: 'bureau',
  administrator: 'admin',
};

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
