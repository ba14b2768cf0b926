import { type z } from 'zod';
import { ApiError, type FieldProblem } from './errors';

/** Zod issues as the API's field problems ("properties.heightM: must be ≥ 0"); an unknown key is named itself. */
export function toFieldProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  const fieldOf = (path: readonly PropertyKey[]) =>
    [prefix, ...path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))].filter(Boolean).join('.').replace(/\.\[/g, '[') || 'body';
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ field: fieldOf([...i.path, k]), problem: 'is not a known field' }))
      : [{ field: fieldOf(i.path), problem: i.message }],
  );
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw ApiError.invalid(toFieldProblems(r.error, prefix));
  return r.data;
}
