import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiError, ApiErrorCode, FieldProblem, fromBodyParserError } from './errors';

/**
 * Checks made once, at the edge, before any controller or service sees a request: the shape of a JSON body
 * (depth, text PostgreSQL cannot store) and the query parameters each endpoint declares. Services can then
 * trust that every string is storable and that no parameter is silently ignored.
 */

/** JSON bodies nest no deeper than this (GeoJSON MultiPolygons need 5 levels; the rest of the API fewer). */
export const MAX_JSON_DEPTH = 64;
/** Stop after this many problems: one request's answer stays small. */
const MAX_PROBLEMS = 20;

const fieldName = (parent: string, key: string | number) => (typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with one string: PostgreSQL text cannot hold NUL, and UTF-8 cannot encode a lone surrogate. */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a null character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(s)) return 'contains an unpaired UTF-16 surrogate (not valid Unicode text)';
  return null;
}

/** A name that itself cannot be stored, made printable to be named in an answer. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what must be made printable
const printable = (s: string) => s.replace(/[\u0000\uD800-\uDFFF]/g, '\uFFFD');

/**
 * Problems of a parsed JSON value: strings (values and keys) that cannot be stored, and nesting deeper than
 * maxDepth. Iterative, so a body nested thousands deep cannot overflow the stack here.
 */
export function jsonValueProblems(value: unknown, root = 'body', maxDepth = MAX_JSON_DEPTH): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { v: unknown; at: string; depth: number }[] = [{ v: value, at: '', depth: 0 }];
  while (stack.length && problems.length < MAX_PROBLEMS) {
    const { v, at, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const p = textProblem(v);
      if (p) problems.push({ field: at || root, problem: p });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) {
      // one problem for the whole body: the cap, not every too-deep branch
      return [{ field: root, problem: `nested deeper than ${maxDepth} levels` }];
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], at: fieldName(at, i), depth: depth + 1 });
      continue;
    }
    for (const [k, child] of Object.entries(v).reverse()) {
      const p = textProblem(k);
      const name = p ? printable(k) : k;
      if (p) problems.push({ field: fieldName(at, name), problem: `field name ${p}` });
      stack.push({ v: child, at: fieldName(at, name), depth: depth + 1 });
    }
  }
  return problems;
}

/** A request that carries bytes (an empty POST, as browsers send for actions, does not). */
const hasContent = (req: Request) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0;

/**
 * Express middleware after the body parsers: a parsed JSON body is checked by jsonValueProblems; a body no parser
 * took (an unsupported Content-Type) is refused with 415 instead of reaching a handler as "no body".
 */
export function checkRequestBody(req: Request, _res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (body !== undefined && body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) {
    const problems = jsonValueProblems(body);
    if (problems.length) return next(ApiError.invalid(problems));
  } else if (body === undefined && hasContent(req) && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
    const problem = `${JSON.stringify(req.headers['content-type'] ?? '')} is not accepted here; send application/json`;
    return next(new ApiError(ApiErrorCode.UnsupportedMediaType, `Content-Type: ${problem}`, [{ field: 'Content-Type', problem }]));
  }
  next();
}

/**
 * Express error middleware after the body parsers: their errors become the API's own here, because Nest would
 * otherwise turn a JSON syntax error into a bare 400 that names no field before the ApiErrorFilter sees it.
 */
export function bodyParserErrors(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  next((err && typeof err === 'object' && fromBodyParserError(err)) || err);
}

// ---------- query parameters ----------

const QUERY_PARAMS = 'cosite:query-params';

/** Problems of a query against the parameters an endpoint takes: unknown names, repeated or array-shaped values, bad text. */
export function queryProblems(query: Record<string, unknown>, allowed: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    const field = textProblem(name) ? printable(name) : name;
    if (!allowed.includes(name)) {
      problems.push({
        field,
        problem: allowed.length
          ? `is not a parameter of this endpoint (it takes ${allowed.join(', ')})`
          : 'is not a parameter: this endpoint takes no query parameters',
      });
    } else if (typeof value !== 'string') {
      problems.push({ field, problem: 'is given more than once or as an array; give it once' });
    } else {
      const p = textProblem(value);
      if (p) problems.push({ field, problem: p });
    }
  }
  return problems;
}

/** Records the query parameters a handler takes (used by QueryOf in dto.ts). */
export function declareQueryParams(handler: object, names: readonly string[]): void {
  Reflect.defineMetadata(QUERY_PARAMS, names, handler);
}

/** Declares the query parameters a handler takes by name, for one that reads none of them itself (a tile's cache key); any other is a 400. */
export function QueryParams(names: readonly string[]): MethodDecorator {
  return (_target, _key, descriptor) => {
    declareQueryParams(descriptor.value as object, names);
    return descriptor;
  };
}

/**
 * Global interceptor: every handler's query checked against what it declares (none when it declares nothing),
 * and path parameters checked for text that cannot be stored.
 */
@Injectable()
export class RequestEdgeInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler) {
    if (ctx.getType() === 'http') {
      const req = ctx.switchToHttp().getRequest<Request>();
      const allowed = (Reflect.getMetadata(QUERY_PARAMS, ctx.getHandler()) as readonly string[] | undefined) ?? [];
      const problems = queryProblems(req.query as Record<string, unknown>, allowed);
      for (const [name, value] of Object.entries(req.params ?? {})) {
        const p = typeof value === 'string' ? textProblem(value) : null;
        if (p) problems.push({ field: name, problem: p });
      }
      if (problems.length) throw ApiError.invalid(problems);
    }
    return next.handle();
  }
}
