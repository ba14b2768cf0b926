import { ownershipRefusal } from './ownership';

describe('ownershipRefusal', () => {
  const telecom = { organisationId: 'china-telecom', role: 'planner' } as const;
  const tower = { organisationId: 'china-tower', role: 'planner' } as const;

  it("lets a planner write its own organisation's rows", () => {
    expect(ownershipRefusal(telecom, 'china-telecom', 'tenancies')).toBeNull();
    expect(ownershipRefusal(tower, 'china-tower', 'structures')).toBeNull();
  });

  it("refuses a planner another organisation's rows, saying whose they are", () => {
    expect(ownershipRefusal(telecom, 'china-mobile', 'tenancies')).toBe(`is "china-mobile"; a planner of china-telecom writes only china-telecom's tenancies`);
    expect(ownershipRefusal(telecom, 'china-tower', 'structures')).toMatch(/china-tower/);
    expect(ownershipRefusal(tower, 'china-mobile', 'tenancies')).not.toBeNull();
    expect(ownershipRefusal(telecom, undefined, 'routes')).toMatch(/^is null/);
  });

  it('lets an administrator write anything, and nobody else but planners', () => {
    expect(ownershipRefusal({ organisationId: 'cosite-admin', role: 'admin' }, 'china-mobile', 'tenancies')).toBeNull();
    expect(ownershipRefusal({ organisationId: 'cq-comms-admin', role: 'regulator' }, 'cq-comms-admin', 'structures')).toBe(
      'a regulator does not write structures',
    );
    expect(ownershipRefusal({ organisationId: 'cq-planning', role: 'bureau' }, 'cq-planning', 'routes')).not.toBeNull();
  });
});
