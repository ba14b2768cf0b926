import { describe, expect, it } from 'vitest';
import type { DemandBatchResultsGeoJson } from '@cosite/contracts';
import {
  batchBounds,
  batchProgress,
  fieldText,
  formatOfFile,
  importLayersFor,
  importSummary,
  mayUpload,
  problemText,
  sortedRejects,
  uploadsFeatures,
} from './uploads';

const row = (line: number, lon: number, decision: 'share' | 'new_build', group: string | null = null, operator = 'china-mobile') => ({
  type: 'Feature' as const,
  geometry: { type: 'Point' as const, coordinates: [lon, 29.6] },
  properties: {
    line,
    operator,
    technology: '5G' as const,
    searchRadiusM: 300,
    decision,
    structureId: null,
    option: null,
    score: null,
    distanceM: null,
    newBuildLon: null,
    newBuildLat: null,
    coBuildGroupId: group,
    coBuildOperators: group ? 'china-mobile china-unicom' : null,
    coBuildLon: group ? 106.7015 : null,
    coBuildLat: group ? 29.6 : null,
  },
});

describe('uploads', () => {
  it('offers each role the layers the API lets it import', () => {
    expect(importLayersFor('bureau')).toEqual(['overlays', 'key-sites', 'streets']);
    expect(importLayersFor('planner')).toEqual(['structures', 'tenancies', 'routes', 'observed-cells']);
    expect(importLayersFor('admin')).toHaveLength(7);
    expect(importLayersFor('regulator')).toEqual([]);
    expect(mayUpload('regulator')).toBe(false);
    expect(mayUpload('bureau')).toBe(true);
  });

  it('reads the format from the file name', () => {
    expect(formatOfFile('Zones.KML')).toBe('kml');
    expect(formatOfFile('zones.zip')).toBe('shapefile');
    expect(formatOfFile('sites.csv')).toBe('csv');
    expect(formatOfFile('sites.geojson')).toBe('geojson');
  });

  it('counts progress by the lines that passed the checks, and what an import found already there', () => {
    expect(batchProgress({ valid: 4, analysed: 2, percent: 50, status: 'running' })).toEqual({ done: 2, total: 4, percent: 50 });
    expect(batchProgress({ valid: 4, analysed: 3, percent: 100, status: 'completed' })).toEqual({ done: 4, total: 4, percent: 100 });
    expect(importSummary({ rowsTotal: 10, rowsLoaded: 6, rowsRejected: 1 })).toEqual({ loaded: 6, already: 3, rejected: 1, total: 10 });
  });

  it('maps demands by decision, and each co-build group as its site linked to its demands', () => {
    const results: DemandBatchResultsGeoJson = {
      type: 'FeatureCollection',
      features: [row(2, 106.55, 'share'), row(5, 106.7, 'new_build', 'g1'), row(6, 106.703, 'new_build', 'g1', 'china-unicom')],
    };
    const fc = uploadsFeatures({ results });
    const roles = fc.features.map((f) => f.properties?.role);
    expect(roles.filter((r) => r === 'demand')).toHaveLength(3);
    expect(roles.filter((r) => r === 'link')).toHaveLength(2);
    const site = fc.features.find((f) => f.properties?.role === 'co_build')!;
    expect(site.properties).toMatchObject({ group: 'g1', members: 2, operators: 'china-mobile china-unicom' });
    expect(batchBounds(fc)).toEqual([
      [106.55, 29.6],
      [106.703, 29.6],
    ]);
    expect(uploadsFeatures(null).features).toEqual([]);
  });

  it('reads the API problems of a line in Chinese, values kept, and leaves English as the API wrote it', () => {
    expect(problemText('zh', 'must be more than 0 m')).toBe('须大于 0 米');
    expect(problemText('zh', 'latitude 106.577 is outside -90..90; the axes look swapped: give lon and lat the right way round, e.g. [106.577, 29.5]')).toBe(
      '纬度 106.577 超出 -90..90，经纬度似乎填反了',
    );
    expect(problemText('zh', 'a planner of china-unicom cannot file demands for china-mobile')).toBe('中国联通 的规划人员不能为 中国移动 提交需求');
    expect(problemText('zh', 'Invalid input: expected number, received string')).toBe('格式不符：应为数字，实为文本');
    expect(problemText('en', 'must be more than 0 m')).toBe('must be more than 0 m');
    expect(problemText('zh', 'something new')).toBe('something new');
    expect(fieldText('zh', 'searchRadiusM')).toBe('搜索圈半径');
    expect(fieldText('zh', 'properties.kind')).toBe('类型');
    expect(fieldText('zh', 'geometry.coordinates[0]')).toBe('几何图形');
  });

  it('lists rejects in line order, each once', () => {
    const r = sortedRejects([
      { line: 6, field: 'operator', problem: 'x' },
      { line: 3, field: 'location', problem: 'y' },
      { line: 6, field: 'operator', problem: 'x' },
    ]);
    expect(r.map((x) => x.line)).toEqual([3, 6]);
  });
});
