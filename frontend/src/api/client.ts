import createClient from 'openapi-fetch';
import { ERROR_CLASS_OF_STATUS, type ErrorBody } from '@cosite/contracts';
import type { FormProblem } from '../ui/form-errors';
import type { paths } from './schema';

/** The media types the client reads: it parses every answer as JSON (CSV and GeoJSON downloads are links, not calls). */
type Json = `${string}/${string}json`;

/**
 * The API client, typed from the backend's OpenAPI document (schema.d.ts is generated from it): a path, a
 * parameter or a body field the API does not have is a type error here, not a 400 in front of a planner, and each
 * answer has the type the document gives it. Requests go through window.fetch at call time, so the CSRF header
 * (auth.ts) is added to every change.
 */
export const api = createClient<paths, Json>({ baseUrl: '', headers: { Accept: 'application/json' }, fetch: (request) => window.fetch(request) });

/** The API's error body, when a call fails (every error has this one shape; a body that is not ours may be text or nothing). */
export type ApiFailure = ErrorBody;

const asFailure = (error: unknown) => (typeof error === 'object' && error !== null ? (error as Partial<ApiFailure>) : undefined);

/** The message to show for a failed call: the API's own words, or the status when the body is not ours. */
export function failureText(error: unknown, response: Response): string {
  return asFailure(error)?.message ?? `${response.status} ${response.statusText}`;
}

/**
 * A failed call's problems for a form (ui/form-errors.ts words them): the API's field problems, each with the
 * failure's code, or the failure itself as a problem of the request (a body that is not ours: its status's class).
 */
export function failureProblems(error: unknown, response: Response): FormProblem[] {
  const e = asFailure(error);
  const code = e?.code ?? ERROR_CLASS_OF_STATUS[response.status] ?? 'internal_error';
  if (e?.errors?.length) return e.errors.map((p) => ({ ...p, code }));
  return [{ field: 'request', problem: failureText(error, response), code }];
}

/**
 * The answer of a read whose failure the caller does not explain (a panel that shows nothing, or the error as text):
 * a failed call throws `<path>: <status>`.
 */
export async function dataOf<D>(call: Promise<{ data?: D; response: Response }>): Promise<D> {
  const { data, response } = await call;
  if (!response.ok) {
    const url = new URL(response.url, window.location.href);
    throw new Error(`${url.pathname}${url.search}: ${response.status}`);
  }
  return data as D;
}
