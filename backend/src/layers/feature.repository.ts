import type { DataSource, EntityManager } from 'typeorm';
import Cursor from 'pg-cursor';
import type { PoolClient } from 'pg';
import type { LayerFeature } from '@cosite/contracts';
import type { LayerSpec } from './layer-spec';
import * as sql from './feature-store.sql';
import type { Db } from '../database/queryable';

/**
 * The one reader and writer of a GeoJSON layer's table (FeatureStore holds the rules). Statements are built from the
 * layer's spec (feature-store.sql.ts); those that do not depend on the request are built once here.
 */
export class FeatureRepository {
  private readonly getSql: string;
  private readonly insertSql: Record<'error' | 'skip', string>;

  constructor(readonly spec: LayerSpec) {
    this.getSql = sql.getFeatureSql(spec);
    this.insertSql = { error: sql.insertBatchSql(spec, 'error'), skip: sql.insertBatchSql(spec, 'skip') };
  }

  /** A page of features and how many match in all; `params` are the bbox (when set) and the filters' values, in the shape's order. */
  async list(db: Db, shape: sql.ListShape, params: unknown[], limit: number, offset: number): Promise<{ features: LayerFeature[]; total: number }> {
    const [rows, counted]: [{ feature: LayerFeature }[], { n: number }[]] = await Promise.all([
      db.query(sql.listPageSql(this.spec, shape), [...params, limit, offset]),
      db.query(sql.listCountSql(this.spec, shape), params),
    ]);
    return { features: rows.map((r) => r.feature), total: counted[0].n };
  }

  /**
   * Every matching feature as GeoJSON text, read through a cursor 2,000 rows at a time on a connection of its own,
   * so an export of the whole layer never holds it in memory (the consumer's pace sets the reads').
   */
  async *stream(db: DataSource, shape: sql.ListShape, params: unknown[]): AsyncGenerator<string> {
    const runner = db.createQueryRunner('slave');
    const client = (await runner.connect()) as PoolClient;
    const cursor = client.query(new Cursor<{ feature: string }>(sql.exportSql(this.spec, shape), params));
    try {
      for (let rows = await cursor.read(2000); rows.length; rows = await cursor.read(2000)) for (const r of rows) yield r.feature;
    } finally {
      await cursor.close().catch(() => undefined);
      await runner.release();
    }
  }

  async get(db: Db, id: string): Promise<LayerFeature | null> {
    const rows: { feature: LayerFeature }[] = await db.query(this.getSql, [id]);
    return rows[0]?.feature ?? null;
  }

  async invalidGeometries(m: EntityManager, recordset: string): Promise<{ i: number; reason: string }[]> {
    return m.query(sql.invalidGeometriesSql(this.spec), [recordset]);
  }

  /** Rows whose references[k] names nothing, with the value they named. */
  async missingReferences(m: EntityManager, k: number, recordset: string): Promise<{ i: number; v: string }[]> {
    return m.query(sql.missingReferencesSql(this.spec, k), [recordset]);
  }

  async insert(m: EntityManager, recordset: string, onConflict: 'error' | 'skip'): Promise<{ i: number; id: string }[]> {
    return m.query(this.insertSql[onConflict], [recordset]);
  }

  /** Locks a row for a change; false when there is none. */
  async lock(m: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await m.query(sql.lockRowSql(this.spec), [id]);
    return rows.length > 0;
  }

  async update(m: EntityManager, id: string, recordset: string, withGeometry: boolean): Promise<void> {
    await m.query(sql.updateRowSql(this.spec, withGeometry), [recordset, id]);
  }

  async delete(m: EntityManager, id: string): Promise<void> {
    await m.query(sql.deleteRowSql(this.spec), [id]);
  }

  /** Retires a live row; false when it was already retired. */
  async retire(m: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await m.query(sql.retireRowSql(this.spec), [id]);
    return rows.length > 0;
  }
}
