import { Coalesced, CoalescedByKey } from '../common/coalesced';
import { TileCache } from './tile-cache';

describe('tile cache', () => {
  const tile = (n: number) => Buffer.alloc(n, 1);

  it('serves a tile only at the data version it was rendered at', () => {
    const c = new TileCache(1_000_000);
    c.set('structures/14/1/2', '7', tile(100));
    expect(c.get('structures/14/1/2', '7')?.length).toBe(100);
    expect(c.get('structures/14/1/2', '8')).toBeUndefined();
    expect(c.get('routes/14/1/2', '7')).toBeUndefined();
    expect([c.hits, c.misses]).toEqual([1, 2]);
  });

  it('keeps within its byte budget, dropping the least recently used tiles first', () => {
    const c = new TileCache(10_000);
    for (let k = 0; k < 5; k++) c.set(`l/0/0/${k}`, '1', tile(900));
    c.get('l/0/0/0', '1'); // used again: survives
    for (let k = 5; k < 12; k++) c.set(`l/0/0/${k}`, '1', tile(900));
    expect(c.size.bytes).toBeLessThanOrEqual(10_000);
    expect(c.get('l/0/0/0', '1')).toBeDefined();
    expect(c.get('l/0/0/1', '1')).toBeUndefined();
    expect(c.get('l/0/0/11', '1')).toBeDefined();
    // a tile over a tenth of the budget is not kept at all
    c.set('big', '1', tile(2000));
    expect(c.get('big', '1')).toBeUndefined();
  });
});

describe('coalesced reads', () => {
  it('answers every caller of one moment with one read, and a later caller with a new read', async () => {
    let reads = 0;
    const c = new Coalesced(async () => ++reads);
    const same = await Promise.all([c.get(), c.get(), c.get()]);
    expect(same).toEqual([1, 1, 1]);
    expect(await c.get()).toBe(2);
  });

  it('keeps keys apart', async () => {
    const reads: string[] = [];
    const c = new CoalescedByKey(async (k: string) => {
      reads.push(k);
      return k.toUpperCase();
    });
    expect(await Promise.all([c.get('a'), c.get('b'), c.get('a')])).toEqual(['A', 'B', 'A']);
    expect(reads).toEqual(['a', 'b']);
  });
});
