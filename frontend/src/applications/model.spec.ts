import { describe, expect, it } from 'vitest';
import { type Application, movesFor } from './model';

const app = (over: Partial<Application> = {}) => ({ state: 'draft', organisationId: 'china-mobile', ...over }) as Application;
const planner = { username: 'p', displayName: 'p', organisationId: 'china-mobile', role: 'planner' as const };

describe('movesFor', () => {
  it('offers each party only its own moves', () => {
    expect(movesFor(planner, app())).toEqual(['submitted']);
    expect(movesFor({ ...planner, organisationId: 'china-unicom' }, app())).toEqual([]);
    expect(movesFor({ ...planner, role: 'regulator' }, app({ state: 'in_review' }))).toEqual(['approved', 'rejected', 'returned']);
    expect(movesFor({ ...planner, role: 'bureau' }, app({ state: 'bureau_review' }))).toEqual(['submitted', 'returned']);
    expect(movesFor({ ...planner, role: 'regulator' }, app({ state: 'approved' }))).toEqual([]);
  });
});
