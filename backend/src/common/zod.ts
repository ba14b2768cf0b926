import { type z } from 'zod';
import { toFieldProblems } from '@cosite/contracts';
import { ApiError } from './errors';

/** Zod issues as the API's field problems: the contract's mapping (the frontend words the same kinds). */
export { toFieldProblems };

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.infer<T> {
  // reportInput: the issues carry the value, so an absent one is told from a wrong one (its kind, above)
  const r = schema.safeParse(value, { reportInput: true });
  if (!r.success) throw ApiError.invalid(toFieldProblems(r.error, prefix));
  return r.data;
}
