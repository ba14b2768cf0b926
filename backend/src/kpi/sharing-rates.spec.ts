import { toRates } from './sharing-rates';

describe('toRates', () => {
  const sums = [
    { family: 'tower' as const, inUse: 10, shared: 6, built: 10, coBuilt: 0 },
    { family: 'duct' as const, inUse: 1000, shared: 400, built: 500, coBuilt: 250 },
  ];

  it('divides shared by in use and co-built by built, against each target', () => {
    const rates = toRates(sums, { tower_sharing: 0.55, duct_sharing: 0.45, duct_cobuild: 0.4 });
    expect(rates.find((r) => r.rate === 'tower_sharing')).toMatchObject({ value: 0.6, numerator: 6, denominator: 10, unit: 'count', meetsTarget: true });
    expect(rates.find((r) => r.rate === 'duct_sharing')).toMatchObject({ value: 0.4, unit: 'm', meetsTarget: false });
    expect(rates.find((r) => r.rate === 'duct_cobuild')).toMatchObject({ value: 0.5, meetsTarget: true });
  });

  it('gives no value, rather than 0 %, where there is nothing to measure', () => {
    const rates = toRates(sums, { pole_route_sharing: 0.7 });
    expect(rates.find((r) => r.rate === 'pole_route_sharing')).toMatchObject({ value: null, denominator: 0, meetsTarget: null });
  });
});
