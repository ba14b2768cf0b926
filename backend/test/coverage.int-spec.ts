import { givenTheApi } from './support/api';

describe('GET /api/v1/coverage/path-loss', () => {
  let api: Awaited<ReturnType<typeof givenTheApi>>;
  beforeAll(async () => {
    api = await givenTheApi();
  });
  afterAll(async () => api.close());

  it('answers a UMa NLOS link at 3.5 GHz (131.835 dB at 560 m, from TR 38.901 by hand)', async () => {
    const res = await api.http.get('/api/v1/coverage/path-loss').query({ model: '3gpp-uma', frequencyMHz: 3500, distanceM: 560, bsHeightM: 25, ueHeightM: 1.5 }).expect(200);
    expect(res.body).toEqual({ pathLossDb: 131.835, model: '3gpp-uma', los: false, valid: true, outOfRange: [] });
  });

  it('takes los=true and defaults the UE to 1.5 m', async () => {
    const res = await api.http.get('/api/v1/coverage/path-loss').query({ model: '3gpp-uma', frequencyMHz: 3500, distanceM: 560, bsHeightM: 25, los: 'true' }).expect(200);
    expect(res.body).toMatchObject({ pathLossDb: 99.35, los: true, valid: true });
  });

  it('computes outside a model’s range but says so (COST-231 at 3.5 GHz)', async () => {
    const res = await api.http.get('/api/v1/coverage/path-loss').query({ model: 'cost231-urban', frequencyMHz: 3500, distanceM: 2000, bsHeightM: 40 }).expect(200);
    expect(res.body).toMatchObject({ valid: false, outOfRange: [{ parameter: 'frequencyMHz', value: 3500, min: 1500, max: 2000 }] });
  });

  it.each([
    [{ model: 'hata', frequencyMHz: 1800, distanceM: 100, bsHeightM: 30 }, 'model', /one of 3gpp-uma/],
    [{ model: '3gpp-uma', frequencyMHz: -5, distanceM: 100, bsHeightM: 30 }, 'frequencyMHz', /between 1 and 300000 MHz/],
    [{ model: '3gpp-uma', frequencyMHz: 3500, distanceM: 'far', bsHeightM: 30 }, 'distanceM', /between|number/],
    [{ model: '3gpp-uma', frequencyMHz: 3500, distanceM: 100, bsHeightM: 3000 }, 'bsHeightM', /between 0 and 1000 m/],
    [{ model: '3gpp-uma', frequencyMHz: 3500, distanceM: 100, bsHeightM: 30, los: 'maybe' }, 'los', /true or false/],
  ])('answers 400 for %o naming %s', async (query, field, problem) => {
    const res = await api.http.get('/api/v1/coverage/path-loss').query(query).expect(400);
    expect(res.body.errors).toContainEqual({ field, problem: expect.stringMatching(problem) });
  });
});
