import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { AuditActor, Client, recordAudit, SYSTEM_ACTOR } from '../audit/audit-trail';
import { ownershipRefusal, Writer } from '../auth/ownership';
import type { SignedInUser } from '../auth/roles';
import { ApiError, ApiErrorCode, FieldProblem, fromPostgresError } from './errors';
import { BatchRow, LayerSpec, RowReject } from './layer-spec';
import { toFieldProblems } from './zod';
import { checkGeometry } from '@cosite/contracts';

export interface Feature {
  type: 'Feature';
  id: string | number;
  geometry: unknown;
  properties: Record<string, unknown>;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
  numberMatched: number;
  numberReturned: number;
  limit: number;
  offset: number;
}

export interface ListQuery {
  bbox?: [number, number, number, number];
  limit: number;
  offset: number;
  filters: Record<string, string[]>;
}

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
 * Generic, spec-driven storage for the GeoJSON layers (structures, tenancies, routes, overlays, key sites).
 * One write path serves the API (one row) and the bulk loader (thousands): rows go to PostgreSQL as one
 * JSON array and are expanded with jsonb_to_recordset, so the whole batch is one statement in one transaction.
 */
export class FeatureStore {
  constructor(
    private readonly db: DataSource,
    readonly spec: LayerSpec,
    /** Who uploaded a bulk load: its rows are held to the ownership rule like API writes (null: Cosite itself). */
    readonly importer: SignedInUser | null = null,
  ) {}

  // ---------- reads ----------

  private selectFeatureSql(): string {
    const s = this.spec;
    const props = [
      ...s.columns.map((c) => `'${c.prop}', t.${c.column}`),
      ...(s.derived ?? []).map((d) => `'${d.prop}', ${d.sql}`),
      ...(s.readExtra ?? []).map((d) => `'${d.prop}', ${d.sql}`),
    ];
    const geom = s.geometry ? 't.geom' : s.geometryReadSql!;
    return `jsonb_build_object('type','Feature','id',t.id,'geometry',ST_AsGeoJSON(${geom}, 7)::jsonb,
              'properties', jsonb_build_object(${props.join(', ')}))`;
  }

  async list(q: ListQuery): Promise<FeatureCollection> {
    const s = this.spec;
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.bbox) {
      params.push(...q.bbox);
      const geom = s.geometry ? 't.geom' : s.geometryReadSql!;
      where.push(`ST_Intersects(${geom}, ST_MakeEnvelope($1, $2, $3, $4, 4326))`);
    }
    for (const f of s.filters) {
      const values = q.filters[f.param];
      if (values?.length) {
        params.push(values);
        where.push(`t.${f.column}::text = ANY($${params.length}::text[])`);
      }
    }
    // Page first on the indexed columns, then build features for that page only; count separately.
    const filterJoin = s.geometry ? '' : (s.readJoin ?? '');
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const filterParams = [...params];
    params.push(q.limit, q.offset);
    const sql = `WITH page AS (
                   SELECT t.id FROM ${s.table} t ${filterJoin} ${whereSql}
                    ORDER BY t.id LIMIT $${params.length - 1} OFFSET $${params.length})
                 SELECT ${this.selectFeatureSql()} AS feature
                   FROM page JOIN ${s.table} t ON t.id = page.id ${s.readJoin ?? ''}
                  ORDER BY t.id`;
    const [rows, counted]: [{ feature: Feature }[], { n: number }[]] = await Promise.all([
      this.db.query(sql, params),
      this.db.query(`SELECT count(*)::int AS n FROM ${s.table} t ${filterJoin} ${whereSql}`, filterParams),
    ]);
    const total = counted[0].n;
    return { type: 'FeatureCollection', features: rows.map((r) => r.feature), numberMatched: total, numberReturned: rows.length, limit: q.limit, offset: q.offset };
  }

  async get(id: string, m: EntityManager | DataSource = this.db): Promise<Feature> {
    const rows: { feature: Feature }[] = await m.query(
      `SELECT ${this.selectFeatureSql()} AS feature FROM ${this.spec.table} t ${this.spec.readJoin ?? ''} WHERE t.id = $1`,
      [id],
    );
    if (!rows.length) throw ApiError.notFound(`${this.spec.label} ${id}`);
    return rows[0].feature;
  }

  // ---------- validation ----------

  /** Structure and value checks that need no database. Returns the parsed properties or problems. */
  validate(input: { properties?: unknown; geometry?: unknown }, prefix = ''): { ok: true; row: Omit<BatchRow, 'i'> } | { ok: false; problems: FieldProblem[] } {
    const problems: FieldProblem[] = [];
    const at = (f: string) => (prefix ? `${prefix}.${f}` : f);
    const parsed = this.spec.properties.safeParse(input.properties ?? {});
    if (!parsed.success) problems.push(...toFieldProblems(parsed.error, at('properties')));
    let geometry: BatchRow['geometry'] = null;
    if (this.spec.geometry) {
      if (input.geometry === undefined || input.geometry === null) problems.push({ field: at('geometry'), problem: 'is required' });
      else {
        for (const p of checkGeometry(input.geometry, this.spec.geometry.types)) {
          problems.push({ field: at(p.at ? `geometry.${p.at}` : 'geometry'), problem: p.problem });
        }
        geometry = input.geometry as BatchRow['geometry'];
      }
    }
    if (problems.length) return { ok: false, problems };
    return { ok: true, row: { properties: parsed.data as Record<string, unknown>, geometry } };
  }

  // ---------- writes ----------

  private recordsetDef(): string {
    const s = this.spec;
    const fields = [`i integer`, ...s.columns.map((c) => `${c.column} ${c.pgType}`), ...(s.extraFields ?? []).map((f) => `${f.name} ${f.pgType}`)];
    if (s.geometry) fields.push('geometry text');
    return `jsonb_to_recordset($1::jsonb) AS r(${fields.join(', ')})`;
  }

  private geometryWriteSql(): string {
    const g = `ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326))`;
    return this.spec.geometry?.store === 'MultiPolygon' ? `ST_Multi(${g})` : g;
  }

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
      const invalid: { i: number; reason: string }[] = await m.query(
        `SELECT r.i, ST_IsValidReason(g) AS reason
           FROM ${this.recordsetDef()}, LATERAL (SELECT ST_GeomFromGeoJSON(r.geometry) AS g) x
          WHERE NOT ST_IsValid(g)`,
        [json],
      );
      for (const v of invalid) rejects.push({ index: v.i, field: 'geometry', problem: `invalid geometry: ${v.reason}` });
    }
    for (const ref of s.references ?? []) {
      const col = s.columns.find((c) => c.prop === ref.prop)!;
      const missing: { i: number; v: string }[] = await m.query(
        `SELECT r.i, r.${col.column}::text AS v FROM ${this.recordsetDef()}
          WHERE r.${col.column} IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM ${ref.table} x WHERE x.${ref.column} = r.${col.column} ${ref.where ? `AND ${ref.where}` : ''})`,
        [json],
      );
      for (const v of missing) rejects.push({ index: v.i, field: `properties.${ref.prop}`, problem: `no ${ref.what} "${v.v}"` });
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
    const cols = s.columns.map((c) => c.column);
    const values = s.columns.map((c) => c.writeExpr ?? `r.${c.column}`);
    if (s.geometry) {
      cols.push('geom');
      values.push(this.geometryWriteSql());
    }
    const sql = `
      WITH src AS (
        SELECT nextval(pg_get_serial_sequence('${s.table}', 'id')) AS new_id, r.i, ${values.map((v, k) => `${v} AS v${k}`).join(', ')}
          FROM ${this.recordsetDef()}
      ), ins AS (
        INSERT INTO ${s.table} (id, ${cols.join(', ')}) OVERRIDING SYSTEM VALUE
        SELECT new_id, ${values.map((_, k) => `v${k}`).join(', ')} FROM src ORDER BY i
        ${onConflict === 'skip' ? 'ON CONFLICT (code) DO NOTHING' : ''}
        RETURNING id
      )
      SELECT src.i, ins.id::text AS id FROM ins JOIN src ON src.new_id = ins.id ORDER BY src.i`;
    let inserted: { i: number; id: string }[];
    try {
      inserted = await m.query(sql, [this.toRecordset(good)]);
    } catch (err) {
      throw this.translate(err);
    }
    const byIndex = new Map(good.map((r) => [r.i, r]));
    if (s.afterWrite && inserted.length) await s.afterWrite(m, inserted.map((x) => ({ id: x.id, row: byIndex.get(x.i)! })), 'insert');
    const done = new Set(inserted.map((x) => x.i));
    return {
      inserted: inserted.map((x) => ({ index: x.i, id: x.id })),
      skipped: good.filter((r) => !done.has(r.i)).map((r) => r.i),
      rejects,
    };
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

  /** 403 naming the owner property when the writer may not write this row (the inventory is readable, so not 404). */
  private assertOwner(properties: Record<string, unknown>, writer: Writer): void {
    const [refused] = this.ownershipRejects([{ i: 0, properties }], writer);
    if (refused) throw new ApiError(ApiErrorCode.Forbidden, `${refused.field}: ${refused.problem}`, [{ field: refused.field, problem: refused.problem }]);
  }

  private audit(m: EntityManager, by: Actor, id: string, action: string, before: Feature | null, after: Feature | null) {
    return recordAudit(m, by.user, { entity: this.spec.table, entityId: id, action, before, after, client: by.client });
  }

  async create(input: { properties?: unknown; geometry?: unknown }, by: Actor): Promise<Feature> {
    const v = this.validate(input);
    if (!v.ok) throw ApiError.invalid(v.problems);
    this.assertOwner(v.row.properties, by.user);
    return this.db.transaction(async (m) => {
      // ownership was asserted above (a 403, not a row reject)
      const r = await this.insertBatch(m, [{ i: 0, ...v.row }], 'error', null);
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
    return recordAudit(m, actor, { entity: 'import_batch', entityId: batchId, action: 'imported', before: null, after: { layer: this.spec.name, ...counts, ids: idRanges(ids) } });
  }

  /** Partial update: the stored properties merged with the patch are validated as a whole. */
  async update(id: string, patch: { properties?: unknown; geometry?: unknown }, by: Actor): Promise<Feature> {
    if (patch.properties !== undefined && (typeof patch.properties !== 'object' || patch.properties === null || Array.isArray(patch.properties))) {
      throw ApiError.invalid([{ field: 'properties', problem: 'must be an object' }]);
    }
    return this.db.transaction(async (m) => {
      const lock = await m.query(`SELECT id FROM ${this.spec.table} WHERE id = $1 FOR UPDATE`, [id]);
      if (!lock.length) throw ApiError.notFound(`${this.spec.label} ${id}`);
      const current = await this.get(id, m);
      // neither the row as it is nor as it would be may belong to another organisation
      this.assertOwner(current.properties, by.user);
      const props = [...this.spec.columns.map((c) => c.prop), ...(this.spec.readExtra ?? []).map((x) => x.prop)];
      const writable = Object.fromEntries(props.map((p) => [p, current.properties[p]]));
      const merged = { ...stripNulls(writable), ...(patch.properties as object) };
      const v = this.validate({ properties: merged, geometry: patch.geometry ?? current.geometry });
      if (!v.ok) throw ApiError.invalid(v.problems);
      const row: BatchRow = { i: 0, ...v.row };
      this.assertOwner(row.properties, by.user);
      const rejects = await this.checkInDatabase(m, [row], 'update', [id]);
      if (rejects.length) throw ApiError.invalid(rejects.map((x) => ({ field: x.field, problem: x.problem })));
      const s = this.spec;
      const sets = s.columns.map((c) => `${c.column} = ${c.writeExpr ?? `r.${c.column}`}`);
      if (s.geometry && patch.geometry !== undefined) sets.push(`geom = ${this.geometryWriteSql()}`);
      sets.push('updated_at = now()');
      try {
        await m.query(`UPDATE ${s.table} t SET ${sets.join(', ')} FROM ${this.recordsetDef()} WHERE t.id = $2`, [this.toRecordset([row]), id]);
      } catch (err) {
        throw this.translate(err);
      }
      if (s.afterWrite) await s.afterWrite(m, [{ id, row }], 'update');
      const updated = await this.get(id, m);
      await this.audit(m, by, id, 'updated', current, updated);
      return updated;
    });
  }

  async remove(id: string, by: Actor): Promise<void> {
    await this.db.transaction(async (m) => {
      const lock = await m.query(`SELECT id FROM ${this.spec.table} WHERE id = $1 FOR UPDATE`, [id]);
      if (!lock.length) throw ApiError.notFound(`${this.spec.label} ${id}`);
      const before = await this.get(id, m);
      this.assertOwner(before.properties, by.user);
      if (this.spec.retire) {
        await this.retire(m, id);
        return this.audit(m, by, id, 'retired', before, await this.get(id, m));
      }
      try {
        await m.query(`DELETE FROM ${this.spec.table} WHERE id = $1`, [id]);
      } catch (err) {
        const e = err as { code?: string };
        if (e.code === '23503') throw ApiError.conflict('id', `${this.spec.label} ${id} is still referenced (remove its tenancies first)`);
        throw this.translate(err);
      }
      return this.audit(m, by, id, 'deleted', before, null);
    });
  }

  /** Layers whose history matters (overlays) are retired: the row stays, with its versions, out of force. */
  private async retire(m: EntityManager, id: string): Promise<void> {
    // a CTE: TypeORM answers [rows, count] for a bare UPDATE … RETURNING, which is never empty
    const r: unknown[] = await m.query(`WITH u AS (UPDATE ${this.spec.table} SET ${this.spec.retire}, updated_at = now() WHERE id = $1 AND retired_at IS NULL RETURNING id) SELECT id FROM u`, [id]);
    if (!r.length) throw ApiError.conflict('id', `${this.spec.label} ${id} is already retired`);
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

/** Parses ?bbox=minLon,minLat,maxLon,maxLat with the same range rules as geometries. */
export function parseBbox(raw: unknown): [number, number, number, number] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const parts = String(raw).split(',').map((p) => Number(p.trim()));
  const bad = (problem: string) => ApiError.invalid([{ field: 'bbox', problem }]);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) throw bad('must be four numbers: minLon,minLat,maxLon,maxLat');
  const [x1, y1, x2, y2] = parts;
  if ([y1, y2].some((y) => Math.abs(y) > 90) && [x1, x2].every((x) => Math.abs(x) <= 90)) throw bad('latitudes outside -90..90; the axes look swapped: the order is minLon,minLat,maxLon,maxLat');
  if ([x1, x2].some((x) => Math.abs(x) > 180)) throw bad('longitudes must be within -180..180');
  if ([y1, y2].some((y) => Math.abs(y) > 90)) throw bad('latitudes must be within -90..90');
  if (x1 > x2 || y1 > y2) throw bad('min must not exceed max');
  return [x1, y1, x2, y2];
}

/** The parameters a layer's list takes: paging, bbox and the layer's filters. */
export function listQueryParams(spec: LayerSpec): string[] {
  return ['bbox', 'limit', 'offset', ...spec.filters.map((f) => f.param)];
}

/** The list query every layer shares: bbox, limit/offset and the layer's enum filters; anything else is refused. */
export function parseListQuery(spec: LayerSpec, query: Record<string, unknown>, maxLimit: number): ListQuery {
  // which parameters it takes is checked once, at the edge (@QueryParams(listQueryParams(spec)) on the controller)
  const problems: FieldProblem[] = [];
  const num = (name: string, def: number, min: number, max: number) => {
    const raw = query[name];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push({ field: name, problem: `must be an integer between ${min} and ${max}` });
      return def;
    }
    return n;
  };
  const limit = num('limit', Math.min(100, maxLimit), 1, maxLimit);
  const offset = num('offset', 0, 0, 10_000_000);
  const filters: Record<string, string[]> = {};
  for (const f of spec.filters) {
    const raw = query[f.param];
    if (raw === undefined || raw === '') continue;
    const values = String(raw).split(',').map((v) => v.trim()).filter(Boolean);
    const unknown = f.values ? values.filter((v) => !f.values!.includes(v)) : [];
    if (unknown.length) problems.push({ field: f.param, problem: `unknown value ${JSON.stringify(unknown[0])}; one of ${f.values!.join(', ')}` });
    filters[f.param] = values;
  }
  let bbox: ListQuery['bbox'];
  try {
    bbox = parseBbox(query.bbox);
  } catch (e) {
    if (e instanceof ApiError) problems.push(...e.errors);
    else throw e;
  }
  if (problems.length) throw ApiError.invalid(problems);
  return { bbox, limit, offset, filters };
}

/** Body of POST/PATCH: a GeoJSON Feature. */
export const featureBody = z.object({
  type: z.literal('Feature', { error: 'must be "Feature"' }).optional(),
  geometry: z.unknown().optional(),
  properties: z.unknown().optional(),
});
