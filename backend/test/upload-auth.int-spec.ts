import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { givenTheApi } from './support/api';

/**
 * An upload is read only for a live session: an anonymous client announcing a 100 MB body gets 401 at once,
 * before a byte of it is buffered (the body parsers would otherwise read, or refuse with 413, first).
 */
describe('uploads need a session before their body is read', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  let port: number;
  beforeAll(async () => {
    api = await givenTheApi();
    const server = api.app.getHttpServer() as http.Server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => api.close());

  /** Sends only the headers and a few bytes of a body announced as `length` bytes; answers the status. */
  const announce = (path: string, length: number, headers: Record<string, string> = {}) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, method: 'POST', path, headers: { 'content-type': 'application/zip', 'content-length': String(length), ...headers } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
          req.destroy();
        },
      );
      req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
      req.write(Buffer.alloc(1024));
    });

  it.each(['/api/v1/imports?layer=overlays', '/api/v1/terrain/imports?fileName=N29E106.hgt', '/api/v1/colocation/batches'])(
    'answers 401 to an anonymous upload to %s before reading it',
    async (path) => {
      expect(await announce(path, 100 * 1024 * 1024)).toBe(401);
      expect(await announce(path, 100 * 1024 * 1024, { authorization: 'Bearer not-a-session' })).toBe(401);
    },
  );

  it('reads the upload of a signed-in user', async () => {
    const bureau = await api.as('bureau');
    const r = await bureau
      .post('/api/v1/imports?layer=overlays&format=geojson')
      .set('Content-Type', 'application/geo+json')
      .send(JSON.stringify({ type: 'FeatureCollection', features: [] }));
    expect(r.status).toBeLessThan(500);
    expect(r.status).not.toBe(401);
  });
});
