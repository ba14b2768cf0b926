import { gzipSync } from 'node:zlib';
import { aStructure, givenTheApi } from './support/api';

/**
 * Each input that once made the API answer 500 (issue 13, finding 5) and each ignored query parameter (finding 6):
 * now a 4xx that names the field and the problem.
 */
describe('bad input is a 4xx naming the field, never a 500', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  beforeAll(async () => {
    api = await givenTheApi();
  });
  afterAll(async () => {
    await api.db.query(`DELETE FROM structure WHERE code LIKE 'TST-%' AND name LIKE 'bad-input%'`);
    await api.close();
  });

  const problems = (body: { errors?: { field: string; problem: string }[] }) => body.errors ?? [];

  it('refuses a null byte in a text field, naming it (was PostgreSQL 22021, a 500)', async () => {
    const res = await api.http.post('/api/v1/structures').send(aStructure({ name: 'bad-input\u0000tower' }));
    expect(res.status).toBe(400);
    expect(problems(res.body)).toContainEqual({ field: 'properties.name', problem: expect.stringMatching(/null character/) });
  });

  it('refuses a lone surrogate in a text field, naming it (was PostgreSQL 22P05, a 500)', async () => {
    // JSON.stringify writes a lone surrogate as the escape \ud800, as a hostile client would send it
    const res = await api.http
      .post('/api/v1/structures')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(aStructure({ name: 'bad-input \ud800 tower' })));
    expect(res.status).toBe(400);
    expect(problems(res.body)).toContainEqual({ field: 'properties.name', problem: expect.stringMatching(/unpaired UTF-16 surrogate/) });
  });

  it('refuses a null byte in a field name and in a path parameter', async () => {
    const body = aStructure();
    (body.properties as Record<string, unknown>)['na\u0000me'] = 'x';
    const named = await api.http.post('/api/v1/structures').send(body).expect(400);
    expect(problems(named.body)[0]).toEqual({ field: 'properties.na\uFFFDme', problem: expect.stringMatching(/^field name contains a null character/) });
    const inPath = await api.http.get('/api/v1/rules/%00').expect(400);
    expect(problems(inPath.body)).toEqual([{ field: 'code', problem: expect.stringMatching(/null character/) }]);
  });

  it('refuses an enum nested 5,000 levels deep by the depth cap, before validation (was a stack overflow, a 500)', async () => {
    const deep = `${'['.repeat(5000)}"monopole"${']'.repeat(5000)}`;
    const body = JSON.stringify(aStructure()).replace('"kind":"monopole"', `"kind":${deep}`);
    const res = await api.http.post('/api/v1/structures').set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(problems(res.body)).toEqual([{ field: 'body', problem: 'nested deeper than 64 levels' }]);
  });

  it('still accepts a body nested to the cap where geometry needs it (a MultiPolygon is 5 deep)', async () => {
    const res = await api.http.post('/api/v1/structures').send(aStructure({ name: 'bad-input depth ok' }));
    expect(res.status).toBe(201);
  });

  it('names the body for JSON that does not parse or is not an object, and the request for a path that is not valid percent-encoding', async () => {
    for (const text of ['{"properties":', 'false', '"text"']) {
      const res = await api.http.post('/api/v1/structures').set('Content-Type', 'application/json').send(text);
      expect(res.status).toBe(400);
      expect(problems(res.body)).toEqual([{ field: 'body', problem: expect.stringMatching(/^not valid JSON/) }]);
    }
    const path = await api.http.get('/api/v1/rules/%ED%A0%80').expect(400);
    expect(problems(path.body)).toEqual([{ field: 'request', problem: expect.stringMatching(/decode/) }]);
  });

  it('answers 415 naming Content-Type for an unsupported charset (was a 500)', async () => {
    const res = await api.http.post('/api/v1/structures').set('Content-Type', 'application/json; charset=bogus').send(JSON.stringify(aStructure()));
    expect(res.status).toBe(415);
    expect(problems(res.body)).toEqual([{ field: 'Content-Type', problem: 'charset "bogus" is not supported; send UTF-8' }]);
  });

  it('answers 400 naming Content-Encoding for a gzip header on a plain body (was a 500)', async () => {
    const res = await api.http
      .post('/api/v1/structures')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(JSON.stringify(aStructure()));
    expect(res.status).toBe(400);
    expect(problems(res.body)).toEqual([{ field: 'Content-Encoding', problem: 'the body is not valid compressed data of its Content-Encoding' }]);
  });

  it('reads a body that really is gzipped, and answers 415 for an encoding it does not know', async () => {
    const zipped = await api.http
      .post('/api/v1/siting/conditions')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize((b: unknown) => b as string) // send the bytes as they are, not as JSON
      .send(gzipSync(JSON.stringify({ nonsense: true })));
    // the body was read (its fields are checked), not refused for its encoding
    expect(zipped.status).toBe(400);
    expect(problems(zipped.body).map((p) => p.field)).not.toContain('Content-Encoding');
    const unknown = await api.http
      .post('/api/v1/structures')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'compress')
      .send(JSON.stringify(aStructure()));
    expect(unknown.status).toBe(415);
    expect(problems(unknown.body)).toEqual([{ field: 'Content-Encoding', problem: expect.stringMatching(/"compress" is not supported/) }]);
  });

  it('answers 415 for a body in a Content-Type the endpoint does not read, instead of treating it as empty', async () => {
    const res = await api.http.post('/api/v1/structures').set('Content-Type', 'text/plain').send(JSON.stringify(aStructure()));
    expect(res.status).toBe(415);
    expect(problems(res.body)[0].field).toBe('Content-Type');
    // an empty POST (what browsers send for actions) is not a body in the wrong type
    const empty = await api.http.post('/api/v1/coverage/runs/00000000-0000-0000-0000-000000000000/cancel');
    expect(empty.status).toBe(404);
  });

  describe('unknown query parameters are a 400 naming them (they used to be ignored and return the full list)', () => {
    it.each([
      ['order', '/api/v1/structures?order=code'],
      ['kind[]', '/api/v1/structures?kind[]=monopole'],
      ['mapping', '/api/v1/tenancies?mapping=x'],
      ['sort', '/api/v1/coverage/runs?sort=desc'],
      ['verbose', '/api/v1/coverage/gaps?verbose=1'],
      ['page', '/api/v1/applications?page=2'],
      ['x', '/api/v1/kpis/sharing?x=1'],
      ['debug', '/api/v1/health?debug=1'],
    ])('%s on %s', async (name, url) => {
      const res = await api.http.get(url);
      expect(res.status).toBe(400);
      expect(problems(res.body)).toContainEqual({ field: name, problem: expect.stringMatching(/is not a parameter/) });
    });

    it('on an upload: POST /imports?columns=... is refused before the file is read, and a mapping that is not JSON too', async () => {
      const res = await api.http.post('/api/v1/imports?layer=structures&columns=code:id').set('Content-Type', 'text/csv').send('code,name\n');
      expect(res.status).toBe(400);
      expect(problems(res.body)).toContainEqual({
        field: 'columns',
        problem: expect.stringMatching(/is not a parameter of this endpoint \(it takes layer, format, crs, sheet, profile, mapping, dryRun, repair\)/),
      });
      const mapping = await api.http.post('/api/v1/imports?layer=structures&mapping=code:id').set('Content-Type', 'text/csv').send('code,name\n');
      expect(mapping.status).toBe(400);
      expect(problems(mapping.body)).toContainEqual(
        expect.objectContaining({ field: 'mapping', problem: 'must be a JSON mapping {fields, geometry?, where?}' }),
      );
    });

    it('a parameter given twice where one value is expected is refused, not half-read', async () => {
      const res = await api.http.get('/api/v1/structures?kind=monopole&kind=rooftop');
      expect(res.status).toBe(400);
      expect(problems(res.body)).toEqual([{ field: 'kind', problem: 'is given more than once or as an array; give it once' }]);
    });

    it('an unknown format of an export is refused instead of silently giving CSV', async () => {
      const res = await api.http.get('/api/v1/colocation/batches/00000000-0000-0000-0000-000000000000/results?format=gpkg');
      expect(res.status).toBe(400);
      expect(problems(res.body)[0].field).toBe('format');
    });

    it('known parameters still work, and tiles take only the map’s cache-buster', async () => {
      const listed = await api.http.get('/api/v1/structures?kind=monopole&limit=2').expect(200);
      expect(listed.body.numberReturned).toBe(2);
      expect([200, 204]).toContain((await api.http.get('/tiles/structures/14/13234/6782.mvt?v=1733000000000')).status);
      const other = await api.http.get('/tiles/structures/14/13234/6782.mvt?layer=all');
      expect(other.status).toBe(400);
      expect(problems(other.body)).toContainEqual({ field: 'layer', problem: expect.stringMatching(/is not a parameter/) });
    });
  });
});
