import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiBody, ApiExtension, ApiParam, ApiQuery, ApiResponse, type OpenAPIObject } from '@nestjs/swagger';
import { ERRORS, errorBody, type ErrorCode } from '@cosite/contracts';
import type { Request } from 'express';
import { z } from 'zod';
import { declareQueryParams } from './request-edge';
import { parseOrThrow } from './zod';

/**
 * The API's edge, declared on each controller method from the contract's zod schemas: the same schema parses the
 * request (a 400 naming each field) and documents it in openapi.json, so the two cannot drift apart.
 *
 *   @Post('analyses')
 *   @Returns(analysisResult)
 *   @Fails('structure_full')
 *   analyse(@BodyOf(demandInput) demand: DemandInput) { … }
 */

type Schema = z.ZodType;
type JsonSchema = Record<string, unknown>;

/** A zod schema as the JSON Schema (2020-12, as OpenAPI 3.1 takes it) of what is sent (`input`) or answered (`output`). */
export function jsonSchemaOf(schema: Schema, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, $defs, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' }) as JsonSchema;
  if (!$defs) return json;
  // a part named in the contract (`.meta({ id })`) becomes a component (hoisted by documentEdge), referred to by name
  const named = Object.fromEntries(Object.entries($defs as JsonSchema).map(([id, def]) => [componentName(id, io), def]));
  const text = JSON.stringify({ ...json, $defs: named }).replace(
    /"#\/\$defs\/([\w-]+)"/g,
    (_m, id: string) => `"#/components/schemas/${componentName(id, io)}"`,
  );
  return JSON.parse(text) as JsonSchema;
}

/** A named schema's component: as answered (`AnalysisResult`), or as sent where that differs (`AnalysisResultInput`). */
const componentName = (id: string, io: 'input' | 'output') => (io === 'output' ? id : `${id}Input`);

/** Nest's swagger decorators are method decorators; a parameter decorator reaches them through the method's descriptor. */
function onMethod(target: object, key: string | symbol | undefined, ...decorators: MethodDecorator[]): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, key!)!;
  for (const d of decorators) d(target, key!, descriptor);
}

const validationFailure = ApiResponse({ status: 400, description: errorsDescription(['validation_failed']), content: errorContent(['validation_failed']) });

// zod schemas have a `transform` method, which Nest would take for a pipe: every schema travels wrapped
const parsedBody = createParamDecorator((data: { schema: Schema }, ctx: ExecutionContext) =>
  parseOrThrow(data.schema, ctx.switchToHttp().getRequest<Request>().body ?? {}),
);
const parsedParam = createParamDecorator((data: { name: string; schema: Schema }, ctx: ExecutionContext) =>
  parseOrThrow(data.schema, ctx.switchToHttp().getRequest<Request>().params[data.name], data.name),
);
const parsedQuery = createParamDecorator((data: { schema: z.ZodObject }, ctx: ExecutionContext) =>
  parseOrThrow(data.schema, ctx.switchToHttp().getRequest<Request>().query ?? {}),
);

/** The JSON body, parsed by the schema (an absent body is `{}`), and documented as the operation's request body. */
export function BodyOf(schema: Schema, description?: string): ParameterDecorator {
  return (target, key, index) => {
    parsedBody({ schema })(target, key, index);
    // an absent body is parsed as {}: the body is required only where the schema refuses {}
    const required = !schema.safeParse({}).success;
    onMethod(target, key, ApiBody({ required, description, schema: jsonSchemaOf(schema, 'input') as never }), validationFailure);
  };
}

/** One path parameter, parsed by the schema (a 400 naming it), and documented. */
export function ParamOf(name: string, schema: Schema, description?: string): ParameterDecorator {
  return (target, key, index) => {
    parsedParam({ name, schema })(target, key, index);
    onMethod(target, key, ApiParam({ name, required: true, description, schema: jsonSchemaOf(schema, 'input') as never }), validationFailure);
  };
}

/**
 * The query, parsed by a zod object whose keys are the only parameters the operation takes (any other is a 400,
 * see RequestEdgeInterceptor); each key is documented with its schema.
 */
export function QueryOf(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    parsedQuery({ schema })(target, key, index);
    const method = (target as Record<string | symbol, object>)[key!];
    declareQueryParams(method, Object.keys(schema.shape));
    const docs = Object.entries(schema.shape as Record<string, Schema>).map(([name, s]) => {
      const json = jsonSchemaOf(s, 'input');
      return ApiQuery({ name, required: !s.safeParse(undefined).success, description: json.description as string | undefined, schema: json as never });
    });
    onMethod(target, key, ...docs, validationFailure);
  };
}

export interface ReturnsOptions {
  status?: number;
  description?: string;
  /** Defaults to application/json; CSV, GeoJSON, PNG, PDF… say so. */
  contentType?: string;
}

/**
 * What a successful call answers: the schema of its body (null for no body, as a 204 or a 202 with nothing to
 * read), documented per content type. The body is not re-validated at run time; the contract test checks samples.
 */
export function Returns(schema: Schema | null, options: ReturnsOptions = {}): MethodDecorator {
  const status = options.status ?? (schema ? 200 : 204);
  const content = schema ? { [options.contentType ?? 'application/json']: { schema: jsonSchemaOf(schema, 'output') } } : undefined;
  return ApiResponse({ status, description: options.description ?? (schema ? 'the result' : 'done; no body'), content: content as never });
}

/** A non-JSON answer (CSV, PNG, a vector tile…): documented by its content type as bytes or text. */
export function ReturnsFile(contentType: string, description: string, status = 200): MethodDecorator {
  const schema = contentType.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' };
  return ApiResponse({ status, description, content: { [contentType]: { schema } } as never });
}

/** The one error body (a component), narrowed to the codes this response can carry. */
function errorContent(codes: readonly ErrorCode[]) {
  const schema = { allOf: [{ $ref: '#/components/schemas/ErrorBody' }, { type: 'object', properties: { code: { type: 'string', enum: [...codes] } } }] };
  return { 'application/json': { schema } } as never;
}

function errorsDescription(codes: readonly ErrorCode[]): string {
  return codes.map((c) => `\`${c}\`: ${ERRORS[c].description}`).join('; ');
}

/** The domain errors an operation can answer with, grouped by their status (ERRORS), each listed by code. */
export function Fails(...codes: ErrorCode[]): MethodDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of codes) byStatus.set(ERRORS[c].status, [...(byStatus.get(ERRORS[c].status) ?? []), c]);
  // the edge's own 400 (BodyOf, QueryOf, ParamOf) shares the status: one response lists both
  const bad = byStatus.get(400);
  if (bad && !bad.includes('validation_failed')) bad.unshift('validation_failed');
  const decorators = [...byStatus].map(([status, cs]) => ApiResponse({ status, description: errorsDescription(cs), content: errorContent(cs) }));
  return (target, key, descriptor) => {
    for (const d of decorators) d(target, key, descriptor);
    return descriptor;
  };
}

/** For the document's post-processing (the access errors every guarded operation can answer with). */
export const errorResponse = (codes: readonly ErrorCode[]) => ({ description: errorsDescription(codes), content: errorContent(codes) });

/** An action that takes no body (a POST that only says "do it"): documented as such, so no body is not an omission. */
export const NoBody = (): MethodDecorator => ApiExtension('x-body', 'none');

/**
 * What the edge answers for every operation, whatever it declares: a 400 (a query parameter it does not take, text
 * that cannot be stored) and a 500. Added to the document after it is built.
 */
export function documentEdge(doc: OpenAPIObject): void {
  const components = ((doc.components ??= {}).schemas ??= {}) as Record<string, unknown>;
  components.ErrorBody = jsonSchemaOf(errorBody, 'output');
  hoistDefinitions(doc.paths, components);
  for (const item of Object.values(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      op.responses ??= {};
      op.responses['400'] ??= errorResponse(['validation_failed']);
      op.responses['500'] ??= errorResponse(['internal_error']);
    }
  }
}

/**
 * Moves the named parts (`$defs`, one copy beside each operation's schema that uses them) into the document's
 * components, once each: the document stays small enough for a generated client to be read.
 */
function hoistDefinitions(node: unknown, components: Record<string, unknown>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((n) => hoistDefinitions(n, components));
  const o = node as Record<string, unknown>;
  if (o.$defs) {
    for (const [name, def] of Object.entries(o.$defs as Record<string, unknown>)) components[name] ??= def;
    delete o.$defs;
  }
  for (const v of Object.values(o)) hoistDefinitions(v, components);
}
