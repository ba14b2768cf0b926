import { idRanges } from './feature-store';

describe('idRanges (the ids of an import in its audit event)', () => {
  it('folds consecutive ids into ranges, in order, whatever order they come in', () => {
    expect(idRanges(['7', '4', '5', '6', '9', '11', '10'])).toEqual([
      [4, 7],
      [9, 11],
    ]);
    expect(idRanges(['42'])).toEqual([[42, 42]]);
    expect(idRanges([])).toEqual([]);
  });
});
