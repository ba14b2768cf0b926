import createClient from 'openapi-fetch';
import type { paths } from './schema';

/**
 * The API client, typed from the backend's OpenAPI document (schema.d.ts is generated from it): a path, a
 * parameter or a body field the API does not have is a type error here, not a 400 in front of a planner.
 * Requests go through window.fetch at call time, so the CSRF header (auth.ts) is added to every change.
 */
export const api = createClient<paths>({ baseUrl: '', fetch: (request) => window.fetch(request) });

/** The API's error body, when a call fails (every error has this one shape). */
export interface ApiFailure {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  errors: { field: string; problem: string }[];
}

/** The message to show for a failed call: the API's own words, or the status when the body is not ours. */
export function failureText(error: unknown, response: Response): string {
  const e = error as Partial<ApiFailure> | undefined;
  return e?.message ?? `${response.status} ${response.statusText}`;
}
