import { ERROR_CODES } from '@cosite/contracts';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { givenTheApi } from './support/api';

/**
 * The API document is the contract clients are generated from: every operation must say what it takes (body, path
 * and query parameters, each with a schema), what it answers (a schema per success) and how it fails (each error
 * response with its codes). One failure line per gap, so a missing piece is named.
 */
type Schema = { type?: string; properties?: Record<string, Schema>; enum?: unknown[]; [k: string]: unknown };
type Content = Record<string, { schema?: Schema }>;
interface Operation {
  summary?: string;
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Content };
  responses?: Record<string, { content?: Content }>;
  'x-body'?: string;
}

/** The error codes a response lists: on the error body itself, or on the part of an allOf that narrows it. */
const codesOf = (schema: Schema | undefined): unknown[] | undefined =>
  schema?.properties?.code?.enum ?? (schema?.allOf as Schema[] | undefined)?.flatMap((s) => s.properties?.code?.enum ?? []);

export function contractGaps(doc: { paths: Record<string, Record<string, Operation>> }): string[] {
  const gaps: string[] = [];
  const known = new Set<string>(ERROR_CODES);
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const at = `${method.toUpperCase()} ${path}`;
      if (!op.summary?.trim()) gaps.push(`${at}: no summary`);
      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
        const p = op.parameters?.find((x) => x.in === 'path' && x.name === name);
        if (!p?.schema || (p.schema.type === 'string' && Object.keys(p.schema).length === 1))
          gaps.push(`${at}: path parameter ${name} has no schema beyond "string"`);
      }
      for (const q of op.parameters?.filter((x) => x.in === 'query') ?? []) if (!q.schema) gaps.push(`${at}: query parameter ${q.name} has no schema`);
      if (['post', 'put', 'patch'].includes(method) && op['x-body'] !== 'none') {
        const content = op.requestBody?.content ?? {};
        if (!Object.values(content).some((c) => c.schema)) gaps.push(`${at}: no request body schema (or NoBody())`);
      }
      const responses = Object.entries(op.responses ?? {});
      const ok = responses.filter(([s]) => /^2\d\d$/.test(s));
      if (!ok.length) gaps.push(`${at}: no success response`);
      for (const [status, r] of ok) {
        if (status !== '204' && !Object.values(r.content ?? {}).some((c) => c.schema)) gaps.push(`${at}: ${status} has no response schema`);
      }
      const failures = responses.filter(([s]) => /^[45]\d\d$/.test(s));
      if (!failures.some(([s]) => s.startsWith('4'))) gaps.push(`${at}: no 4xx response documented`);
      for (const [status, r] of failures) {
        const codes = codesOf(r.content?.['application/json']?.schema);
        if (!codes?.length) gaps.push(`${at}: ${status} lists no error codes`);
        for (const c of codes ?? []) if (!known.has(String(c))) gaps.push(`${at}: ${status} lists unknown code ${String(c)}`);
      }
    }
  }
  return gaps;
}

describe('OpenAPI contract', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  beforeAll(async () => {
    api = await givenTheApi();
  });
  afterAll(() => api.close());

  it('documents every operation: parameters, body, success schema and error codes', async () => {
    const doc = (await api.anonymous.get('/api/docs/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths).length).toBeGreaterThan(40);
    expect(contractGaps(doc)).toEqual([]);
  });

  // the frontend's generated client is typed from this file (frontend/scripts/openapi-types.mjs)
  it('is the document committed for the frontend (UPDATE_OPENAPI=1 rewrites it)', async () => {
    const served = `${JSON.stringify((await api.anonymous.get('/api/docs/openapi.json').expect(200)).body, null, 2)}\n`;
    const file = path.resolve(__dirname, '../../frontend/src/api/openapi.json');
    if (process.env.UPDATE_OPENAPI === '1') fs.writeFileSync(file, served);
    expect(fs.readFileSync(file, 'utf8')).toBe(served);
  });

  it('says who may call each guarded operation, as the permission table does', async () => {
    const doc = (await api.anonymous.get('/api/docs/openapi.json').expect(200)).body;
    expect(doc.paths['/api/v1/users'].post['x-roles']).toEqual(['admin']);
    expect(doc.paths['/api/v1/auth/sign-in'].post.security).toEqual([]);
    expect(codesOf(doc.paths['/api/v1/users'].post.responses['401'].content['application/json'].schema)).toEqual(['unauthenticated']);
    expect(doc.components.schemas.ErrorBody.required).toEqual(['statusCode', 'error', 'code', 'message', 'errors']);
  });
});
