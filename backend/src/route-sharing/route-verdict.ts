/**
 * The verdict on a proposed route, from how much of it runs along existing routes that could carry it. Pure, so the
 * order of the rules can be read and tested without a database.
 *
 * - must_share: existing routes that can carry it and have the free capacity it needs run along at least
 *   `minShare` of it: a new route there needs approval (the national sharing rule).
 * - share_with_upgrade: routes that can carry it run along most of it but lack room: add sub-ducts or cable space.
 * - co_build: another operator checked an overlapping route of the same family within the window: build it once.
 * - new_route_allowed: nothing runs along most of it.
 */
import type { RouteVerdict } from '@cosite/contracts';

export type { RouteVerdict };

export interface AlongFacts {
  lengthM: number;
  /** Length of the proposal along routes whose kind can carry it. */
  alongHostsM: number;
  /** … along such routes that also have the free capacity needed. */
  alongHostsWithRoomM: number;
  /** Other operators' recent proposals running along most of it. */
  coBuildPartners: number;
}

export function routeVerdict(f: AlongFacts, minShare: number): RouteVerdict {
  const share = (m: number) => (f.lengthM > 0 ? m / f.lengthM : 0);
  if (share(f.alongHostsWithRoomM) >= minShare) return 'must_share';
  if (share(f.alongHostsM) >= minShare) return 'share_with_upgrade';
  if (f.coBuildPartners > 0) return 'co_build';
  return 'new_route_allowed';
}
