import { clientKey, failureDelayMs } from './sessions.service';

describe('sign-in counters', () => {
  it('count an IPv4 client by its address, and an IPv6 client by its /64', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    // every address of one /64 is one client: an attacker cannot rotate through them
    expect(clientKey('2001:db8:abcd:12::1')).toBe('2001:db8:abcd:12::/64');
    expect(clientKey('2001:db8:abcd:12:ffff:1:2:3')).toBe('2001:db8:abcd:12::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey(null)).toBe('unknown');
  });

  it('wait longer after each failure, up to a cap', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(failureDelayMs)).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
  });
});
