import type { EntityManager } from 'typeorm';
import type { ImportBatchView, ImportLayer, ImportMapping, ImportSourceFormat, MappingProfile, MappingProfileInput } from '@cosite/contracts';
import type { SignedInUser } from '../auth/roles';
import * as sql from './imports.sql';
import type { Db } from '../database/queryable';

/** A batch as a run claims it. */
export interface ClaimedBatch {
  layer: ImportLayer;
  format: 'geojson' | 'csv';
  sourceFormat: ImportSourceFormat;
  crs: string;
  repair: boolean;
  mapping: ImportMapping | null;
  sheet: string | null;
}

/** The one reader and writer of import batches (the rows they load go through the layers' feature store). */
export const ImportsRepository = {
  async insert(
    db: Db,
    b: {
      layer: ImportLayer;
      format: 'geojson' | 'csv';
      sourceFormat: ImportSourceFormat;
      crs: string;
      upload: Buffer;
      repair: boolean;
      uploadedBy: number;
      mapping: ImportMapping | null;
      sheet: string | null;
      warnings: string[];
    },
  ): Promise<string> {
    const [row] = await db.query(sql.INSERT_BATCH, [
      b.layer,
      b.format,
      b.sourceFormat,
      b.crs,
      b.upload,
      b.repair,
      b.uploadedBy,
      b.mapping ? JSON.stringify(b.mapping) : null,
      b.sheet,
      JSON.stringify(b.warnings),
    ]);
    return row.id;
  },

  async get(db: Db, id: string): Promise<ImportBatchView | null> {
    const rows: ImportBatchView[] = await db.query(sql.GET_BATCH, [id]);
    return rows[0] ?? null;
  },

  /** Claims a batch for a run; null when it is completed (or there is none). */
  async claim(db: Db, id: string): Promise<ClaimedBatch | null> {
    const rows: ClaimedBatch[] = await db.query(sql.CLAIM_BATCH, [id]);
    return rows[0] ?? null;
  },

  /** The file as uploaded (null when no longer kept), the batch locked for its load. */
  async lockUpload(m: EntityManager, id: string): Promise<Buffer | null> {
    const [row] = await m.query(sql.LOCK_UPLOAD, [id]);
    return row.upload;
  },

  async complete(
    m: EntityManager,
    id: string,
    r: { total: number; loaded: number; rejected: number; rejects: string; repaired: string; filtered: number; warnings: string[] },
  ): Promise<void> {
    await m.query(sql.COMPLETE_BATCH, [id, r.total, r.loaded, r.rejected, r.rejects, r.repaired, r.filtered, JSON.stringify(r.warnings)]);
  },

  /** Removes the streets of the area the rows ($1: their line strings) cover, keeping those pole proposals use. */
  async replaceStreetsIn(m: EntityManager, lines: unknown[]): Promise<{ removed: number; kept: number }> {
    const [r] = await m.query(sql.REPLACE_STREETS_IN, [JSON.stringify(lines.map((g) => JSON.stringify(g)))]);
    return r;
  },

  // ---------- mapping profiles (an organisation's own) ----------

  async listProfiles(db: Db, organisationId: string, layer: ImportLayer | null): Promise<MappingProfile[]> {
    return db.query(sql.LIST_PROFILES, [organisationId, layer]);
  },

  async getProfile(db: Db, id: string, organisationId: string): Promise<MappingProfile | null> {
    const [p] = await db.query(sql.GET_PROFILE, [id, organisationId]);
    return p ?? null;
  },

  async insertProfile(db: Db, organisationId: string, p: MappingProfileInput, by: number): Promise<MappingProfile> {
    const [row] = await db.query(sql.INSERT_PROFILE, [organisationId, p.name, p.layer, p.description ?? null, p.crs ?? null, JSON.stringify(p.mapping), by]);
    return row;
  },

  async updateProfile(db: Db, id: string, organisationId: string, p: MappingProfileInput): Promise<MappingProfile | null> {
    const [row] = await db.query(sql.UPDATE_PROFILE, [id, organisationId, p.name, p.layer, p.description ?? null, p.crs ?? null, JSON.stringify(p.mapping)]);
    return row ?? null;
  },

  async deleteProfile(db: Db, id: string, organisationId: string): Promise<boolean> {
    const rows = await db.query(sql.DELETE_PROFILE, [id, organisationId]);
    return rows.length > 0;
  },

  async fail(db: Db, id: string, message: string): Promise<void> {
    await db.query(sql.FAIL_BATCH, [id, message]);
  },

  /** Who uploaded a batch, as the user they are now; null for a batch queued without one (by Cosite itself). */
  async uploader(db: Db, id: string): Promise<SignedInUser | null> {
    const [u] = await db.query(sql.UPLOADER, [id]);
    return u ?? null;
  },

  /**
   * Invalid polygons repaired with ST_MakeValid, in a savepoint so a geometry PostGIS cannot even read leaves the
   * transaction usable: each repaired one by its index in `geometries`, with the reason; [] when the repair failed.
   */
  async repairPolygons(m: EntityManager, geometries: unknown[]): Promise<{ k: number; reason: string; geometry: unknown }[]> {
    await m.query(sql.SAVEPOINT_REPAIR);
    try {
      const fixed: { k: number; reason: string; geometry: unknown }[] = await m.query(sql.REPAIR_POLYGONS, [JSON.stringify(geometries)]);
      await m.query(sql.RELEASE_REPAIR);
      return fixed;
    } catch {
      await m.query(sql.ROLLBACK_REPAIR);
      await m.query(sql.RELEASE_REPAIR);
      return [];
    }
  },

  /** A chunk of rows is written in a savepoint, so one the database refuses can be undone alone and split. */
  async savepointRows(m: EntityManager): Promise<void> {
    await m.query(sql.SAVEPOINT_ROWS);
  },
  async releaseRows(m: EntityManager): Promise<void> {
    await m.query(sql.RELEASE_ROWS);
  },
  async undoRows(m: EntityManager): Promise<void> {
    await m.query(sql.ROLLBACK_ROWS);
    await m.query(sql.RELEASE_ROWS);
  },
};
