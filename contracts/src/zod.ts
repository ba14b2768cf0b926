import { z } from 'zod';
import { checkGeometry, type GeometryType, positionProblem } from './geojson';

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
        ctx.addIssue({ code: 'custom', message: p.problem, path: p.at ? p.at.split(/\.|(?=\[)/).filter(Boolean) : [] });
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
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date')
  .meta({ format: 'date' });

/** A point as `{lon, lat}` in WGS84, with the position checks of GeoJSON (range, swapped axes). */
export const lonLat = z
  .object({ lon: z.number({ error: 'must be a number' }), lat: z.number({ error: 'must be a number' }) }, { error: 'is required: {lon, lat}' })
  .superRefine((p, ctx) => {
    const problem = positionProblem([p.lon, p.lat]);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.replace('GeoJSON order is [longitude, latitude]', 'give lon and lat the right way round') });
  });
export type LonLat = z.infer<typeof lonLat>;

/** A database id as the API shows it: a bigint's decimal text. */
export const numericId = z.string().regex(/^\d{1,18}$/, 'must be a numeric id');
/** A UUID (analyses, applications, batches, runs, imports…). */
export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID');
/** An ISO timestamp as the API writes it. */
export const timestamp = z.string().meta({ format: 'date-time' });
