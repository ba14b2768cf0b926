import type { DataSource, EntityManager } from 'typeorm';
import {
  layerFeatureContent,
  readBbox,
  type Bbox,
  type LayerFeature,
  type LayerFeatureCollection,
  type LayerFeatureContent,
  type LayerListQuery,
  type LayerPatch,
} from '@cosite/contracts';
import { type AuditActor, type Client, recordAudit, SYSTEM_ACTOR } from '../audit/audit-trail';
import { ownershipRefusal, type Writer } from '../auth/ownership';
import type { SignedInUser } from '../auth/roles';
import { ApiError, type FieldProblem, fromPostgresError } from '../common/errors';
import { FeatureRepository } from './feature.repository';
import type { ListShape } from './feature-store.sql';
import { type BatchRow, type LayerSpec, type RowReject } from './layer-spec';
import { toFieldProblems } from '../common/zod';

export type { LayerFeature as Feature, LayerFeatureCollection as FeatureCollection, LayerListQuery as ListQuery } from '@cosite/contracts';

/** Who writes through the API, and from where: held to the ownership rule and kept in the audit event. */
export interface Actor {
  user: SignedInUser;
  client?: Client;
}

export interface BatchResult {
  inserted: { index: number; id: string }[];
  /** Rows whose natural key (code) was already present: left as they were. */
  skipped: number[];
  rejects: RowReject[];
}

/**
 * Generic, spec-driven storage for the GeoJSON layers (structures, tenancies, routes, overlays, key sites, observed
 * cells). One write path serves the API (one row) and the bulk loader (thousands): rows go to PostgreSQL as one
 * JSON array and are expanded with jsonb_to_recordset, so the whole batch is one statement in one transaction.
 * The rules live here; the SQL in feature-store.sql.ts, run only by the FeatureRepository.
 */
export class FeatureStore {
  private readonly repo: FeatureRepository;
  /** The layer's properties and geometry, checked as one (contracts: layerFeatureContent). */
  private readonly content: ReturnType<typeof layerFeatureContent>;

  constructor(
    private readonly db: DataSource,
    readonly spec: LayerSpec,
    /** Who uploaded a bulk load: its rows are held to the ownership rule like API writes (null: Cosite itself). */
    readonly importer: SignedInUser | null = null,
  ) {
    this.repo = new FeatureRepository(spec);
    this.content = layerFeatureContent(spec.geometry?.types ?? null, spec.properties);
  }

  // ---------- reads ----------

  /** The statement's shape and parameters for a bbox and filters: the bbox's four numbers, then each filter given. */
  private shapeOf(q: Pick<LayerListQuery, 'bbox' | 'filters'>): { shape: ListShape; params: unknown[] } {
    const shape: ListShape = { bbox: !!q.bbox, filters: [] };
    const params: unknown[] = q.bbox ? [...q.bbox] : [];
    for (const f of this.spec.filters) {
      const values = q.filters[f.param];
      if (values?.length) {
        shape.filters.push(f.param);
        params.push(values);
      }
    }
    return { shape, params };
  }

  async list(q: LayerListQuery): Promise<LayerFeatureCollection> {
    const { shape, params } = this.shapeOf(q);
    const { features, total } = await this.repo.list(this.db, shape, params, q.limit, q.offset);
    return { type: 'FeatureCollection', features, numberMatched: total, numberReturned: features.length, limit: q.limit, offset: q.offset };
  }

  /** Every feature the query's bbox and filters match, as GeoJSON text, streamed from a cursor (exports). */
  stream(q: Pick<LayerListQuery, 'bbox' | 'filters'>): AsyncIterable<string> {
    const { shape, params } = this.shapeOf(q);
    return this.repo.stream(this.db, shape, params);
  }

  async get(id: string, m: EntityManager | DataSource = this.db): Promise<LayerFeature> {
    const feature = await this.repo.get(m, id);
    if (!feature) throw ApiError.notFound(`${this.spec.label} ${id}`);
    return feature;
  }

  // ---------- validation ----------

  /**
   * The layer's checks that need no database, for a row whose shape nobody has checked yet (a bulk-loaded row, a
   * patch merged with the stored row). Returns the parsed properties or problems.
   */
  validate(input: { properties?: unknown; geometry?: unknown }, prefix = ''): { ok: true; row: Omit<BatchRow, 'i'> } | { ok: false; problems: FieldProblem[] } {
    const parsed = this.content.safeParse(input, { reportInput: true });
    if (!parsed.success) return { ok: false, problems: toFieldProblems(parsed.error, prefix) };
    return { ok: true, row: parsed.data };
  }

  // ---------- writes ----------

  /** Rows as the JSON the recordset expects (snake_case columns). */
  private toRecordset(rows: BatchRow[]): string {
    return JSON.stringify(
      rows.map((row) => {
        const o: Record<string, unknown> = { i: row.i };
        for (const c of this.spec.columns) o[c.column] = row.properties[c.prop] ?? null;
        for (const f of this.spec.extraFields ?? []) o[f.name] = row.properties[toCamel(f.name)] ?? null;
        if (this.spec.geometry) o.geometry = row.geometry ? JSON.stringify(row.geometry) : null;
        return o;
      }),
    );
  }

  /** Checks that need the database: geometry topology, references, then the layer's own. */
  private async checkInDatabase(m: EntityManager, rows: BatchRow[], mode: 'insert' | 'update', ids?: string[]): Promise<RowReject[]> {
    const s = this.spec;
    const rejects: RowReject[] = [];
    const json = this.toRecordset(rows);
    if (s.geometry) {
      for (const v of await this.repo.invalidGeometries(m, json)) rejects.push({ index: v.i, field: 'geometry', problem: `invalid geometry: ${v.reason}` });
    }
    for (const [k, ref] of (s.references ?? []).entries()) {
      for (const v of await this.repo.missingReferences(m, k, json))
        rejects.push({ index: v.i, field: `properties.${ref.prop}`, problem: `no ${ref.what} "${v.v}"` });
    }
    if (s.checkBatch) {
      const bad = new Set(rejects.map((r) => r.index));
      const remaining = rows.filter((r) => !bad.has(r.i));
      if (remaining.length) rejects.push(...(await s.checkBatch(m, remaining, mode, ids)));
    }
    return rejects;
  }

  /**
   * Inserts a batch inside the caller's transaction. Rows failing a check are returned as rejects and not
   * written; the rest go in with one statement. onConflict 'skip' makes bulk loads idempotent on `code`.
   */
  async insertBatch(m: EntityManager, rows: BatchRow[], onConflict: 'error' | 'skip', writer: Writer | null = this.importer): Promise<BatchResult> {
    const s = this.spec;
    if (!rows.length) return { inserted: [], skipped: [], rejects: [] };
    // another organisation's rows are rejected one by one; the rest are checked and written
    const refused = this.ownershipRejects(rows, writer);
    const refusedRows = new Set(refused.map((r) => r.index));
    const allowed = rows.filter((r) => !refusedRows.has(r.i));
    const rejects = [...refused, ...(allowed.length ? await this.checkInDatabase(m, allowed, 'insert') : [])];
    const rejected = new Set(rejects.map((r) => r.index));
    const good = rows.filter((r) => !rejected.has(r.i));
    if (!good.length) return { inserted: [], skipped: [], rejects };
    let inserted: { i: number; id: string }[];
    try {
      inserted = await this.repo.insert(m, this.toRecordset(good), onConflict);
    } catch (err) {
      throw this.translate(err);
    }
    const byIndex = new Map(good.map((r) => [r.i, r]));
    if (s.afterWrite && inserted.length)
      await s.afterWrite(
        m,
        inserted.map((x) => ({ id: x.id, row: byIndex.get(x.i)! })),
        'insert',
      );
    const done = new Set(inserted.map((x) => x.i));
    return {
      inserted: inserted.map((x) => ({ index: x.i, id: x.id })),
      skipped: good.filter((r) => !done.has(r.i)).map((r) => r.i),
      rejects,
    };
  }

  /**
   * Every check a batch's rows would meet on insert (ownership, geometry topology, references, the layer's own),
   * in a transaction that writes nothing: a dry run's errors are the load's.
   */
  async checkOnly(rows: BatchRow[], chunkSize = 20_000): Promise<RowReject[]> {
    const rejects = this.ownershipRejects(rows, this.importer);
    const refused = new Set(rejects.map((r) => r.index));
    const allowed = rows.filter((r) => !refused.has(r.i));
    await this.db.transaction('READ COMMITTED', async (m) => {
      for (let k = 0; k < allowed.length; k += chunkSize) rejects.push(...(await this.checkInDatabase(m, allowed.slice(k, k + chunkSize), 'insert')));
    });
    return rejects;
  }

  /** Rows the writer may not write (auth/ownership.ts), as rejects naming the owner property. */
  ownershipRejects(rows: BatchRow[], writer: Writer | null): RowReject[] {
    const prop = this.spec.owner;
    if (!prop || !writer) return [];
    return rows.flatMap((r) => {
      const problem = ownershipRefusal(writer, r.properties[prop], this.spec.name);
      return problem ? [{ index: r.i, field: `properties.${prop}`, problem }] : [];
    });
  }

  /** `ownership_refused` (403) naming the owner property when the writer may not write this row (the inventory is readable, so not 404). */
  private assertOwner(properties: Record<string, unknown>, writer: Writer): void {
    const [refused] = this.ownershipRejects([{ i: 0, properties }], writer);
    if (refused) throw ApiError.of('ownership_refused', refused.field, refused.problem);
  }

  private audit(m: EntityManager, by: Actor, id: string, action: string, before: LayerFeature | null, after: LayerFeature | null) {
    return recordAudit(m, by.user, { entity: this.spec.table, entityId: id, action, before, after, client: by.client });
  }

  /** Creates one feature the edge has parsed (contracts: layerCreateBody), held to the ownership rule and audited. */
  async create(feature: LayerFeatureContent, by: Actor): Promise<LayerFeature> {
    this.assertOwner(feature.properties, by.user);
    return this.db.transaction(async (m) => {
      // ownership was asserted above (a 403, not a row reject)
      const r = await this.insertBatch(m, [{ i: 0, ...feature }], 'error', null);
      if (r.rejects.length) throw ApiError.invalid(r.rejects.map((x) => ({ field: x.field, problem: x.problem })));
      const created = await this.get(r.inserted[0].id, m);
      await this.audit(m, by, r.inserted[0].id, 'created', null, created);
      return created;
    });
  }

  /**
   * One audit event for a whole bulk load (not one per row: a load may have 200,000): who uploaded it, the counts,
   * and the new ids as ranges (the ids of one load are mostly consecutive). In the load's transaction.
   */
  recordImport(m: EntityManager, batchId: string, report: { total: number; loaded: number; skipped: number; rejected: number; ids: string[] }) {
    const actor: AuditActor = this.importer ?? SYSTEM_ACTOR;
    const { ids, ...counts } = report;
    return recordAudit(m, actor, {
      entity: 'import_batch',
      entityId: batchId,
      action: 'imported',
      before: null,
      after: { layer: this.spec.name, ...counts, ids: idRanges(ids) },
    });
  }

  /** Partial update (the edge has checked its shape, contracts: layerPatchBody): the stored properties merged with the patch are validated as a whole. */
  async update(id: string, patch: LayerPatch, by: Actor): Promise<LayerFeature> {
    return this.db.transaction(async (m) => {
      if (!(await this.repo.lock(m, id))) throw ApiError.notFound(`${this.spec.label} ${id}`);
      const current = await this.get(id, m);
      // neither the row as it is nor as it would be may belong to another organisation
      this.assertOwner(current.properties, by.user);
      const props = [...this.spec.columns.map((c) => c.prop), ...(this.spec.readExtra ?? []).map((x) => x.prop)];
      const writable = Object.fromEntries(props.map((p) => [p, current.properties[p]]));
      const merged = { ...stripNulls(writable), ...patch.properties };
      const v = this.validate({ properties: merged, geometry: patch.geometry ?? current.geometry });
      if (!v.ok) throw ApiError.invalid(v.problems);
      const row: BatchRow = { i: 0, ...v.row };
      this.assertOwner(row.properties, by.user);
      const rejects = await this.checkInDatabase(m, [row], 'update', [id]);
      if (rejects.length) throw ApiError.invalid(rejects.map((x) => ({ field: x.field, problem: x.problem })));
      try {
        await this.repo.update(m, id, this.toRecordset([row]), patch.geometry !== undefined);
      } catch (err) {
        throw this.translate(err);
      }
      if (this.spec.afterWrite) await this.spec.afterWrite(m, [{ id, row }], 'update');
      const updated = await this.get(id, m);
      await this.audit(m, by, id, 'updated', current, updated);
      return updated;
    });
  }

  async remove(id: string, by: Actor): Promise<void> {
    await this.db.transaction(async (m) => {
      if (!(await this.repo.lock(m, id))) throw ApiError.notFound(`${this.spec.label} ${id}`);
      const before = await this.get(id, m);
      this.assertOwner(before.properties, by.user);
      if (this.spec.retire) {
        // layers whose history matters (overlays) are retired: the row stays, with its versions, out of force
        if (!(await this.repo.retire(m, id))) throw ApiError.of('already_retired', 'id', `${this.spec.label} ${id} is already retired`);
        return this.audit(m, by, id, 'retired', before, await this.get(id, m));
      }
      try {
        await this.repo.delete(m, id);
      } catch (err) {
        const e = err as { code?: string };
        if (e.code === '23503') throw ApiError.of('still_referenced', 'id', `${this.spec.label} ${id} is still referenced (remove its tenancies first)`);
        throw this.translate(err);
      }
      return this.audit(m, by, id, 'deleted', before, null);
    });
  }

  private translate(err: unknown): unknown {
    return fromPostgresError(err, (c) => this.spec.constraintFields?.[c] ?? guessField(this.spec, c)) ?? err;
  }
}

/** ["4","5","6","9"] → [[4,6],[9,9]]: a load's new ids, short enough for one audit event. */
export function idRanges(ids: string[]): [number, number][] {
  const sorted = ids.map(Number).sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const id of sorted) {
    const last = out[out.length - 1];
    if (last && id === last[1] + 1) last[1] = id;
    else out.push([id, id]);
  }
  return out;
}

function toCamel(s: string): string {
  return s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function stripNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

/** "structure_height_m_check" → "properties.heightM". */
function guessField(spec: LayerSpec, constraint: string): string | undefined {
  const col = [...spec.columns].sort((a, b) => b.column.length - a.column.length).find((c) => constraint.includes(c.column));
  return col ? `properties.${col.prop}` : undefined;
}

/** Parses ?bbox=minLon,minLat,maxLon,maxLat with the same range rules as geometries (contracts: readBbox). */
export function parseBbox(raw: unknown): Bbox | undefined {
  const r = readBbox(raw);
  if (r.problem) throw ApiError.invalid([{ field: 'bbox', problem: r.problem }]);
  return r.bbox;
}
