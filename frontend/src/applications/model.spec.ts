import { describe, expect, it } from 'vitest';
import { type Application, fileSize, movesFor, NEW_FILTER, queueQuery, shortSha } from './model';

const app = (over: Partial<Application> = {}) => ({ state: 'draft', organisationId: 'china-mobile', ...over }) as Application;
const planner = { username: 'p', displayName: 'p', organisationId: 'china-mobile', role: 'planner' as const };

describe('movesFor', () => {
  it('offers each party only its own moves', () => {
    expect(movesFor(planner, app())).toEqual(['submitted', 'withdrawn']);
    expect(movesFor(planner, app({ state: 'in_review' }))).toEqual(['withdrawn']);
    expect(movesFor(planner, app({ state: 'approved' }))).toEqual([]);
    expect(movesFor(planner, app({ state: 'withdrawn' }))).toEqual([]);
    expect(movesFor({ ...planner, organisationId: 'china-unicom' }, app())).toEqual([]);
    expect(movesFor({ ...planner, role: 'regulator' }, app({ state: 'in_review' }))).toEqual(['approved', 'rejected', 'returned']);
    expect(movesFor({ ...planner, role: 'bureau' }, app({ state: 'bureau_review' }))).toEqual(['submitted', 'returned']);
    expect(movesFor({ ...planner, role: 'regulator' }, app({ state: 'approved' }))).toEqual([]);
  });
});

describe('the queue query', () => {
  it('sends only the filters set, with the sort', () => {
    expect(queueQuery(NEW_FILTER)).toEqual({ sort: 'updated', order: 'desc' });
    expect(
      queueQuery({ ...NEW_FILTER, state: 'in_review', district: '500103', operator: 'china-mobile', assignee: 'me', overdue: true, sort: 'due', order: 'asc' }),
    ).toEqual({
      state: 'in_review',
      district: 500103,
      operator: 'china-mobile',
      assignee: 'me',
      overdue: 'true',
      sort: 'due',
      order: 'asc',
    });
  });
});

describe('attachment figures', () => {
  it('read as sizes and short checksums', () => {
    expect(fileSize(900)).toBe('900 B');
    expect(fileSize(2048)).toBe('2.0 KB');
    expect(fileSize(5 * 1024 * 1024 + 1)).toBe('5.0 MB');
    expect(shortSha('a'.repeat(64))).toBe('aaaaaaaaaaaa');
  });
});
