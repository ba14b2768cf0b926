import { routeVerdict } from './route-verdict';

describe('routeVerdict', () => {
  const base = { lengthM: 1000, alongHostsM: 0, alongHostsWithRoomM: 0, coBuildPartners: 0 };

  it('must share when routes with room run along at least half of it', () => {
    expect(routeVerdict({ ...base, alongHostsM: 600, alongHostsWithRoomM: 500 }, 0.5)).toBe('must_share');
  });

  it('asks for an upgrade when routes run along most of it but are full', () => {
    expect(routeVerdict({ ...base, alongHostsM: 800, alongHostsWithRoomM: 300 }, 0.5)).toBe('share_with_upgrade');
  });

  it('sharing an existing route comes before co-building a new one', () => {
    expect(routeVerdict({ ...base, alongHostsM: 800, alongHostsWithRoomM: 800, coBuildPartners: 2 }, 0.5)).toBe('must_share');
  });

  it('co-builds with another operator when nothing existing runs along most of it', () => {
    expect(routeVerdict({ ...base, alongHostsM: 200, coBuildPartners: 1 }, 0.5)).toBe('co_build');
  });

  it('allows a new route when little of it runs along anything', () => {
    expect(routeVerdict({ ...base, alongHostsM: 499, alongHostsWithRoomM: 499 }, 0.5)).toBe('new_route_allowed');
  });
});
