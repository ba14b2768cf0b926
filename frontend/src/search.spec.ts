import { describe, expect, it } from 'vitest';
import { type Boundary, districtAt, parseCoordinates, searchPlaces, type Place } from './search';

describe('coordinate search', () => {
  it('reads "lat, lon" and "lon, lat" when the numbers tell which is which', () => {
    expect(parseCoordinates('29.5575, 106.5770')).toEqual({ kind: 'coordinates', lon: 106.577, lat: 29.5575, ambiguous: false });
    expect(parseCoordinates('106.5770,29.5575')).toEqual({ kind: 'coordinates', lon: 106.577, lat: 29.5575, ambiguous: false });
    expect(parseCoordinates('106.577 29.5575')).toMatchObject({ lon: 106.577, lat: 29.5575 });
    expect(parseCoordinates('29.5575，106.5770')).toMatchObject({ lon: 106.577, lat: 29.5575 });
  });

  it('flags an ambiguous pair and reads it as lat, lon', () => {
    expect(parseCoordinates('51.5, -0.12')).toEqual({ kind: 'coordinates', lon: -0.12, lat: 51.5, ambiguous: true });
  });

  it('refuses what cannot be coordinates', () => {
    expect(parseCoordinates('200, 10')).toBeNull();
    expect(parseCoordinates('120, 100')).toBeNull();
    expect(parseCoordinates('解放碑')).toBeNull();
  });
});

describe('place search', () => {
  const places: Place[] = [
    { nameZh: '解放碑商圈', nameEn: 'Jiefangbei Business District', lon: 106.577, lat: 29.5575, zoom: 16 },
    { nameZh: '渝中区', nameEn: 'Yuzhong', lon: 106.55, lat: 29.55, zoom: 13 },
    { nameZh: '重庆北站', nameEn: 'Chongqing North Railway Station', lon: 106.547, lat: 29.61, zoom: 16 },
  ];
  it('finds key sites and districts by part of their Chinese or English names', () => {
    expect(searchPlaces('解放碑', places)).toMatchObject({ kind: 'place', name: '解放碑商圈', lon: 106.577 });
    expect(searchPlaces('yuzhong', places)).toMatchObject({ kind: 'place', name: '渝中区' });
    expect(searchPlaces('North', places)).toMatchObject({ name: '重庆北站' });
    expect(searchPlaces('不存在', places)).toEqual({ kind: 'none' });
  });
});

describe('the municipality check', () => {
  // a square district with a square hole, and a second one beside it
  const square = (x0: number, y0: number, x1: number, y1: number) => [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
  const boundaries: Boundary[] = [
    { nameZh: '甲区', nameEn: 'A', polygons: [[square(106, 29, 107, 30), square(106.4, 29.4, 106.6, 29.6)]], bbox: [106, 29, 107, 30] },
    { nameZh: '乙区', nameEn: 'B', polygons: [[square(107, 29, 108, 30)]], bbox: [107, 29, 108, 30] },
  ];
  it('names the district a point lies in', () => {
    expect(districtAt(106.2, 29.2, boundaries)?.nameZh).toBe('甲区');
    expect(districtAt(107.5, 29.5, boundaries)?.nameZh).toBe('乙区');
  });
  it('says null for a point outside every district: in a hole, in Beijing, in Egypt', () => {
    expect(districtAt(106.5, 29.5, boundaries)).toBeNull();
    expect(districtAt(116.4, 39.9, boundaries)).toBeNull();
    expect(districtAt(31.2, 30.0, boundaries)).toBeNull();
  });
});
