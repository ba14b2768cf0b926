/**
 * Reads that many requests need at the same moment, taken in one query per key: every caller that arrives before
 * the query for its key is sent shares it, and a caller never gets an answer from a query sent before it arrived
 * (so a client that has just written, signed out or been disabled sees it at once: nothing is served stale).
 * Map clients ask for twenty tiles at a time with one session: those twenty session and version look-ups become one.
 */
export class CoalescedByKey<K, T> {
  private readonly pending = new Map<K, Promise<T>>();

  constructor(private readonly read: (key: K) => Promise<T>) {}

  get(key: K): Promise<T> {
    let p = this.pending.get(key);
    if (!p) {
      p = new Promise<void>((r) => setImmediate(r)).then(() => {
        this.pending.delete(key);
        return this.read(key);
      });
      this.pending.set(key, p);
    }
    return p;
  }
}

/** The same for a read without a key. */
export class Coalesced<T> {
  private readonly byKey: CoalescedByKey<0, T>;

  constructor(read: () => Promise<T>) {
    this.byKey = new CoalescedByKey(() => read());
  }

  get(): Promise<T> {
    return this.byKey.get(0);
  }
}
