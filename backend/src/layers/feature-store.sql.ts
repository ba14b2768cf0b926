import type { LayerSpec } from './layer-spec';

/**
 * The SQL of the generic feature store (feature.repository.ts is its only caller). Table and column names come from
 * a layer's spec, which is static code, never a request: each statement is built once per layer from it. Values
 * always travel as parameters, each with an explicit cast, so every statement can be PREPAREd without values
 * (layerStatements lists them all for a layer).
 */

const geometryOf = (s: LayerSpec) => (s.geometry ? 't.geom' : s.geometryReadSql!);

/** One row of the layer (alias t, with the spec's read join) as a GeoJSON Feature. */
export function featureExpr(s: LayerSpec): string {
  const props = [
    ...s.columns.map((c) => `'${c.prop}', t.${c.column}`),
    ...(s.derived ?? []).map((d) => `'${d.prop}', ${d.sql}`),
    ...(s.readExtra ?? []).map((d) => `'${d.prop}', ${d.sql}`),
  ];
  return `jsonb_build_object('type','Feature','id',t.id,'geometry',ST_AsGeoJSON(${geometryOf(s)}, 7)::jsonb,
              'properties', jsonb_build_object(${props.join(', ')}))`;
}

/** Which parts of the list query are set: the bbox, and the filters given (by param, in the spec's order). */
export interface ListShape {
  bbox: boolean;
  filters: string[];
}

/** The WHERE of a list: $1..$4 the bbox when set, then one text[] per filter given. */
function listWhere(s: LayerSpec, shape: ListShape): { sql: string; params: number } {
  const where: string[] = [];
  let n = 0;
  if (shape.bbox) {
    where.push(`ST_Intersects(${geometryOf(s)}, ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326))`);
    n = 4;
  }
  for (const f of s.filters) {
    if (!shape.filters.includes(f.param)) continue;
    n += 1;
    where.push(`t.${f.column}::text = ANY($${n}::text[])`);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params: n };
}

/** A page of features: filters as listWhere, then limit and offset. Paged on the indexed columns first, built for that page only. */
export function listPageSql(s: LayerSpec, shape: ListShape): string {
  const filterJoin = s.geometry ? '' : (s.readJoin ?? '');
  const where = listWhere(s, shape);
  return `WITH page AS (
                   SELECT t.id FROM ${s.table} t ${filterJoin} ${where.sql}
                    ORDER BY t.id LIMIT $${where.params + 1}::int OFFSET $${where.params + 2}::int)
                 SELECT ${featureExpr(s)} AS feature
                   FROM page JOIN ${s.table} t ON t.id = page.id ${s.readJoin ?? ''}
                  ORDER BY t.id`;
}

/** Every feature the list's filters match, in id order, as GeoJSON text (an export reads it through a cursor). */
export function exportSql(s: LayerSpec, shape: ListShape): string {
  return `SELECT ${featureExpr(s)}::text AS feature FROM ${s.table} t ${s.readJoin ?? ''} ${listWhere(s, shape).sql} ORDER BY t.id`;
}

/** How many features the list's filters match (the same parameters as listPageSql, without limit and offset). */
export function listCountSql(s: LayerSpec, shape: ListShape): string {
  const filterJoin = s.geometry ? '' : (s.readJoin ?? '');
  return `SELECT count(*)::int AS n FROM ${s.table} t ${filterJoin} ${listWhere(s, shape).sql}`;
}

/** One feature by id ($1). */
export function getFeatureSql(s: LayerSpec): string {
  return `SELECT ${featureExpr(s)} AS feature FROM ${s.table} t ${s.readJoin ?? ''} WHERE t.id = $1::bigint`;
}

/** The rows of a batch ($1, a JSON array) as a recordset r: i, the columns, the extra fields, the geometry as GeoJSON text. */
export function recordsetSql(s: LayerSpec): string {
  const fields = [`i integer`, ...s.columns.map((c) => `${c.column} ${c.pgType}`), ...(s.extraFields ?? []).map((f) => `${f.name} ${f.pgType}`)];
  if (s.geometry) fields.push('geometry text');
  return `jsonb_to_recordset($1::jsonb) AS r(${fields.join(', ')})`;
}

function geometryWriteExpr(s: LayerSpec): string {
  const g = `ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326))`;
  return s.geometry?.store === 'MultiPolygon' ? `ST_Multi(${g})` : g;
}

/** Rows of a batch whose geometry PostGIS finds invalid, with the reason. */
export function invalidGeometriesSql(s: LayerSpec): string {
  return `SELECT r.i, ST_IsValidReason(g) AS reason
           FROM ${recordsetSql(s)}, LATERAL (SELECT ST_GeomFromGeoJSON(r.geometry) AS g) x
          WHERE NOT ST_IsValid(g)`;
}

/** Rows of a batch whose reference (the spec's references[k]) names nothing. */
export function missingReferencesSql(s: LayerSpec, k: number): string {
  const ref = s.references![k];
  const col = s.columns.find((c) => c.prop === ref.prop)!;
  return `SELECT r.i, r.${col.column}::text AS v FROM ${recordsetSql(s)}
          WHERE r.${col.column} IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM ${ref.table} x WHERE x.${ref.column} = r.${col.column} ${ref.where ? `AND ${ref.where}` : ''})`;
}

/** Inserts a batch in one statement; returns each new id with its batch index. 'skip' leaves rows whose code exists. */
export function insertBatchSql(s: LayerSpec, onConflict: 'error' | 'skip'): string {
  const cols = s.columns.map((c) => c.column);
  const values = s.columns.map((c) => c.writeExpr ?? `r.${c.column}`);
  if (s.geometry) {
    cols.push('geom');
    values.push(geometryWriteExpr(s));
  }
  return `
      WITH src AS (
        SELECT nextval(pg_get_serial_sequence('${s.table}', 'id')) AS new_id, r.i, ${values.map((v, k) => `${v} AS v${k}`).join(', ')}
          FROM ${recordsetSql(s)}
      ), ins AS (
        INSERT INTO ${s.table} (id, ${cols.join(', ')}) OVERRIDING SYSTEM VALUE
        SELECT new_id, ${values.map((_, k) => `v${k}`).join(', ')} FROM src ORDER BY i
        ${onConflict === 'skip' ? 'ON CONFLICT (code) DO NOTHING' : ''}
        RETURNING id
      )
      SELECT src.i, ins.id::text AS id FROM ins JOIN src ON src.new_id = ins.id ORDER BY src.i`;
}

/** Locks one row ($1) for a change. */
export function lockRowSql(s: LayerSpec): string {
  return `SELECT id FROM ${s.table} WHERE id = $1::bigint FOR UPDATE`;
}

/** Writes one row ($2) from a one-row batch ($1); the geometry only when the patch has one. */
export function updateRowSql(s: LayerSpec, withGeometry: boolean): string {
  const sets = s.columns.map((c) => `${c.column} = ${c.writeExpr ?? `r.${c.column}`}`);
  if (s.geometry && withGeometry) sets.push(`geom = ${geometryWriteExpr(s)}`);
  sets.push('updated_at = now()');
  return `UPDATE ${s.table} t SET ${sets.join(', ')} FROM ${recordsetSql(s)} WHERE t.id = $2::bigint`;
}

export function deleteRowSql(s: LayerSpec): string {
  return `DELETE FROM ${s.table} WHERE id = $1::bigint`;
}

/** Retires a live row ($1); returns its id, nothing when it was already retired. A CTE: TypeORM answers [rows, count] for a bare UPDATE … RETURNING, which is never empty. */
export function retireRowSql(s: LayerSpec): string {
  return `WITH u AS (UPDATE ${s.table} SET ${s.retire}, updated_at = now() WHERE id = $1::bigint AND retired_at IS NULL RETURNING id) SELECT id FROM u`;
}

/** Every statement a layer can run, by name (for a check that each PREPAREs against the real schema). */
export function layerStatements(s: LayerSpec): Record<string, string> {
  const out: Record<string, string> = {
    getFeature: getFeatureSql(s),
    insertError: insertBatchSql(s, 'error'),
    insertSkip: insertBatchSql(s, 'skip'),
    lockRow: lockRowSql(s),
    update: updateRowSql(s, false),
    updateWithGeometry: updateRowSql(s, true),
    deleteRow: deleteRowSql(s),
  };
  const all = { bbox: true, filters: s.filters.map((f) => f.param) };
  for (const shape of [{ bbox: false, filters: [] }, all]) {
    const key = shape.bbox ? 'Filtered' : '';
    out[`listPage${key}`] = listPageSql(s, shape);
    out[`listCount${key}`] = listCountSql(s, shape);
    out[`export${key}`] = exportSql(s, shape);
  }
  if (s.geometry) out.invalidGeometries = invalidGeometriesSql(s);
  (s.references ?? []).forEach((_, k) => (out[`missingReference${k}`] = missingReferencesSql(s, k)));
  if (s.retire) out.retireRow = retireRowSql(s);
  return out;
}
