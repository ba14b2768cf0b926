import { Logger } from '@nestjs/common';
import { z } from 'zod';
import { ApiErrorFilter, fromPostgresError } from './errors';
import { jsonValueProblems, queryProblems } from './request-edge';
import { toFieldProblems } from './zod';
import { geometry, isoDate, oneOf } from '@cosite/contracts';

describe('edge checks on a JSON body', () => {
  it('names the path of a null byte and of a lone surrogate, in values and in keys', () => {
    expect(jsonValueProblems({ properties: { name: 'a\u0000b', tags: ['ok', '\udc00'] } })).toEqual([
      { field: 'properties.name', problem: expect.stringMatching(/null character/) },
      { field: 'properties.tags[1]', problem: expect.stringMatching(/unpaired UTF-16 surrogate/) },
    ]);
    expect(jsonValueProblems({ ['k\ud800']: 1 })).toEqual([{ field: 'k\uFFFD', problem: expect.stringMatching(/^field name contains an unpaired/) }]);
  });

  it('accepts real text: Chinese, emoji (a surrogate pair), GeoJSON 5 levels deep', () => {
    const multiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [106.5, 29.5],
            [106.6, 29.5],
            [106.6, 29.6],
            [106.5, 29.5],
          ],
        ],
      ],
    };
    expect(jsonValueProblems({ name: '解放碑 📡', geometry: multiPolygon })).toEqual([]);
  });

  it('stops at the depth cap without recursion, even 200,000 levels deep', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(jsonValueProblems({ kind: deep })).toEqual([{ field: 'body', problem: 'nested deeper than 64 levels' }]);
    let ok: unknown = 'x';
    for (let i = 0; i < 63; i++) ok = [ok];
    expect(jsonValueProblems(ok)).toEqual([]);
  });
});

describe('query parameters against what an endpoint takes', () => {
  it('names unknown, array-shaped and repeated parameters', () => {
    expect(queryProblems({ order: 'x', 'kind[]': 'a', kind: ['a', 'b'], limit: '5' }, ['kind', 'limit'])).toEqual([
      { field: 'order', problem: 'is not a parameter of this endpoint (it takes kind, limit)' },
      { field: 'kind[]', problem: 'is not a parameter of this endpoint (it takes kind, limit)' },
      { field: 'kind', problem: 'is given more than once or as an array; give it once' },
    ]);
    expect(queryProblems({ v: '1' }, [])).toEqual([{ field: 'v', problem: 'is not a parameter: this endpoint takes no query parameters' }]);
  });
});

describe('zod errors on hostile input', () => {
  it('oneOf describes a deeply nested or cyclic value without overflowing the stack', () => {
    let deep: unknown = 'monopole';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const kind = oneOf(['monopole', 'rooftop']);
    expect(toFieldProblems(kind.safeParse(deep).error!, 'kind')).toEqual([
      { field: 'kind', problem: 'must be one of monopole, rooftop; got an array of 1', kind: 'not_one_of', params: { values: ['monopole', 'rooftop'] } },
    ]);
    expect(toFieldProblems(kind.safeParse(cyclic).error!, 'kind')[0].problem).toBe('must be one of monopole, rooftop; got an object');
    expect(toFieldProblems(kind.safeParse('x'.repeat(10_000)).error!)[0].problem).toMatch(/got "x{60}…"$/);
  });

  it('names each unknown key of a strict object as its own field', () => {
    const r = z.object({ a: z.string() }).strict().safeParse({ a: 'x', order: 1, mapping: 2 });
    expect(toFieldProblems(r.error!)).toEqual([
      { field: 'order', problem: 'is not a known field', kind: 'unknown_field' },
      { field: 'mapping', problem: 'is not a known field', kind: 'unknown_field' },
    ]);
  });

  it('gives each problem a kind and its bound, so a client can word it (the English problem stays)', () => {
    const s = z.object({ h: z.number().min(1, 'must be between 1 and 150 m').max(150), n: z.number().int(), x: z.number(), y: z.number(), d: isoDate });
    const r = s.safeParse({ h: -5, n: 1.5, x: 'a', d: '2026-1-1' }, { reportInput: true });
    expect(toFieldProblems(r.error!)).toEqual([
      { field: 'h', problem: 'must be between 1 and 150 m', kind: 'too_small', params: { min: 1, inclusive: true, origin: 'number' } },
      { field: 'n', problem: expect.any(String), kind: 'not_integer' },
      { field: 'x', problem: expect.any(String), kind: 'not_a_number' },
      { field: 'y', problem: expect.any(String), kind: 'required' },
      { field: 'd', problem: 'must be a date YYYY-MM-DD', kind: 'invalid_format', params: { format: 'regex' } },
    ]);
    const g = geometry(['Point']).safeParse({ type: 'Point', coordinates: [200, 0] });
    expect(toFieldProblems(g.error!)[0]).toMatchObject({ kind: 'invalid_geometry' });
  });
});

describe('PostgreSQL errors caused by input', () => {
  const pg = (code: string, message: string, extra: object = {}) => Object.assign(new Error(message), { code, severity: 'ERROR', ...extra });

  it.each([
    ['22P05', 'unsupported Unicode escape sequence'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22P02', 'invalid input syntax for type integer: "x"'],
    ['22003', 'value out of range'],
    ['2200G', 'most specific type mismatch'],
    ['23502', 'null value in column "name" violates not-null constraint'],
  ])('maps %s to a 400 naming a field', (code, message) => {
    const e = fromPostgresError(pg(code, message, { column: 'name' }), () => undefined);
    expect(e?.status).toBe(400);
    expect(e?.errors).toEqual([{ field: 'name', problem: message }]);
  });

  const answer = (exception: unknown) => {
    const res = {
      code: 0,
      body: undefined as unknown,
      status(c: number) {
        this.code = c;
        return this;
      },
      json(b: unknown) {
        this.body = b;
        return this;
      },
    };
    new ApiErrorFilter().catch(exception, { switchToHttp: () => ({ getResponse: () => res }) } as never);
    return res;
  };

  it('the global filter turns any unmapped data exception into a 400, never a 500', () => {
    const res = answer(Object.assign(pg('22P05', 'unsupported Unicode escape sequence'), { driverError: {} }));
    expect(res.code).toBe(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'validation_failed',
      errors: [{ field: 'request', problem: 'unsupported Unicode escape sequence' }],
    });
  });

  it('the global filter keeps a real server fault a 500 (a missing table, an internal error that is no geometry)', () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect(answer(pg('42P01', 'relation "x" does not exist')).code).toBe(500);
    expect(answer(pg('XX000', 'cache lookup failed for type 1')).code).toBe(500);
    expect(answer(pg('XX000', 'parse error - invalid geometry')).code).toBe(400);
  });
});
