import { z } from 'zod';
import { positionProblem } from './geojson';
import { ApiError, FieldProblem } from './errors';
import { checkGeometry, GeometryType } from './geojson';

/** Zod issues as the API's field problems ("properties.heightM: must be ≥ 0"); an unknown key is named itself. */
export function toFieldProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  const fieldOf = (path: readonly PropertyKey[]) =>
    [prefix, ...path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
      .filter(Boolean)
      .join('.')
      .replace(/\.\[/g, '[') || 'body';
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ field: fieldOf([...i.path, k]), problem: 'is not a known field' })) : [{ field: fieldOf(i.path), problem: i.message }],
  );
}

/**
 * A short, safe picture of a value for an error message: never recursive, so input nested thousands deep or
 * cyclic cannot overflow the stack, and never longer than a line.
 */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') {
    const s = JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
    return s;
  }
  if (v === null || typeof v === 'number' || typeof v === 'boolean' || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw ApiError.invalid(toFieldProblems(r.error, prefix));
  return r.data;
}

/** A GeoJSON geometry of the given types, checked by checkGeometry. */
export function geometry(types: readonly GeometryType[]) {
  return z.unknown().superRefine((v, ctx) => {
    for (const p of checkGeometry(v, types)) {
      ctx.addIssue({ code: 'custom', message: p.problem, path: p.at ? p.at.split(/\.|(?=\[)/).filter(Boolean) : [] });
    }
  }) as unknown as z.ZodType<{ type: GeometryType; coordinates: unknown }>;
}

/** An enum whose error message lists the allowed values (clients meet these often). */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (iss) => `must be one of ${values.join(', ')}; got ${describeValue(iss.input)}` });
}

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date');

/** A point as `{lon, lat}` in WGS84, with the position checks of GeoJSON (range, swapped axes). */
export const lonLat = z
  .object({ lon: z.number({ error: 'must be a number' }), lat: z.number({ error: 'must be a number' }) }, { error: 'is required: {lon, lat}' })
  .superRefine((p, ctx) => {
    const problem = positionProblem([p.lon, p.lat]);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.replace('GeoJSON order is [longitude, latitude]', 'give lon and lat the right way round') });
  });
