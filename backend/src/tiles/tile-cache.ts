/**
 * Rendered tiles kept in memory, keyed by layer and z/x/y and stamped with the layer's data version: a tile is
 * served from here only while its layer's version is the one it was rendered at, so a write (which bumps the
 * version in the same transaction) retires every tile of that layer at once without a sweep. Least recently used
 * tiles go first once the byte budget is spent. Plain class: no Nest, easy to test.
 */
export class TileCache {
  private readonly entries = new Map<string, { version: string; body: Buffer }>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly budgetBytes: number) {}

  get size(): { tiles: number; bytes: number } {
    return { tiles: this.entries.size, bytes: this.bytes };
  }

  get(key: string, version: string): Buffer | undefined {
    const e = this.entries.get(key);
    if (!e || e.version !== version) {
      this.misses++;
      return undefined;
    }
    // Map keeps insertion order: re-inserting marks it most recently used
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e.body;
  }

  set(key: string, version: string, body: Buffer): void {
    // a tile bigger than a tenth of the budget would push out hundreds of others
    if (body.length > this.budgetBytes / 10) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.body.length + key.length;
      this.entries.delete(key);
    }
    this.entries.set(key, { version, body });
    this.bytes += body.length + key.length;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(k);
      this.bytes -= e.body.length + k.length;
    }
  }
}
