import { z } from 'zod';
import { checkGeometry, type GeometryType, positionProblem } from './geojson';
import { FIELD_PROBLEM_KINDS, type FieldProblem, type FieldProblemKind, type FieldProblemParams } from './errors';

/** Schema building blocks every contract uses: their messages are what a client reads in a 400. */

/**
 * A short, safe picture of a value for an error message: never recursive, so input nested thousands deep or
 * cyclic cannot overflow the stack, and never longer than a line.
 */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (v === null || typeof v === 'number' || typeof v === 'boolean' || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

/** A GeoJSON geometry of the given types, checked by checkGeometry. */
export function geometry(types: readonly GeometryType[]) {
  return z
    .unknown()
    .superRefine((v, ctx) => {
      for (const p of checkGeometry(v, types)) {
        ctx.addIssue({ code: 'custom', message: p.problem, params: { kind: 'invalid_geometry' }, path: p.at ? p.at.split(/\.|(?=\[)/).filter(Boolean) : [] });
      }
    })
    .meta({
      type: 'object',
      description: `GeoJSON ${types.join(' or ')} in WGS84 [longitude, latitude]`,
      required: ['type', 'coordinates'],
      properties: { type: { type: 'string', enum: [...types] }, coordinates: { type: 'array' } },
    }) as unknown as z.ZodType<{ type: GeometryType; coordinates: unknown }>;
}

/** An enum whose error message lists the allowed values (clients meet these often). */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (iss) => `must be one of ${values.join(', ')}; got ${describeValue(iss.input)}` });
}

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not a real date', params: { kind: 'invalid_format', format: 'date' } })
  .meta({ format: 'date' });

/** A point as `{lon, lat}` in WGS84, with the position checks of GeoJSON (range, swapped axes). */
export const lonLat = z
  .object({ lon: z.number({ error: 'must be a number' }), lat: z.number({ error: 'must be a number' }) }, { error: 'is required: {lon, lat}' })
  .superRefine((p, ctx) => {
    const problem = positionProblem([p.lon, p.lat]);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        params: { kind: 'invalid_position' },
        message: problem.replace('GeoJSON order is [longitude, latitude]', 'give lon and lat the right way round'),
      });
  });
export type LonLat = z.infer<typeof lonLat>;

/** A database id as the API shows it: a bigint's decimal text. */
export const numericId = z.string().regex(/^\d{1,18}$/, 'must be a numeric id');
/** A UUID (analyses, applications, batches, runs, imports…). */
export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID');
/** An ISO timestamp as the API writes it. */
export const timestamp = z.string().meta({ format: 'date-time' });

type Issue = z.core.$ZodIssue;

/**
 * An issue's kind and bound, so a client can word it in its own language (the English `problem` stays for API
 * users). An absent value is `required`: the input is there when parsed with reportInput, else the message says.
 */
function kindOf(i: Issue): { kind: FieldProblemKind; params?: FieldProblemParams } {
  const bound = (n: number | bigint) => Number(n);
  switch (i.code) {
    case 'invalid_type': {
      const missing = 'input' in i ? i.input === undefined || i.input === null : /received (undefined|null)/.test(i.message);
      if (missing) return { kind: 'required' };
      if (i.expected === 'int') return { kind: 'not_integer' };
      if (i.expected === 'number') return { kind: 'not_a_number' };
      return { kind: 'wrong_type', params: { format: String(i.expected) } };
    }
    case 'too_small':
      return { kind: 'too_small', params: { min: bound(i.minimum), inclusive: i.inclusive ?? true, origin: String(i.origin) } };
    case 'too_big':
      return { kind: 'too_big', params: { max: bound(i.maximum), inclusive: i.inclusive ?? true, origin: String(i.origin) } };
    case 'invalid_value':
      return { kind: 'not_one_of', params: { values: i.values.map(String) } };
    case 'invalid_format':
      return { kind: 'invalid_format', params: { format: i.format } };
    case 'custom': {
      // a check of the contract's own says its kind in params (geometry, position, date); "is required…" is one too
      const { kind: k, format } = (i.params ?? {}) as { kind?: string; format?: string };
      if (FIELD_PROBLEM_KINDS.includes(k as FieldProblemKind)) return { kind: k as FieldProblemKind, ...(format ? { params: { format } } : {}) };
      return { kind: /^is required\b/.test(i.message) ? 'required' : 'invalid' };
    }
    default:
      return { kind: 'invalid' };
  }
}

/** Zod issues as the API's field problems ("properties.heightM: must be ≥ 0"); an unknown key is named itself. */
export function toFieldProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  const fieldOf = (path: readonly PropertyKey[]) =>
    [prefix, ...path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))].filter(Boolean).join('.').replace(/\.\[/g, '[') || 'body';
  return error.issues.flatMap((i): FieldProblem[] =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ field: fieldOf([...i.path, k]), problem: 'is not a known field', kind: 'unknown_field' }))
      : [{ field: fieldOf(i.path), problem: i.message, ...kindOf(i) }],
  );
}
