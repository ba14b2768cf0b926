import { describe, expect, it } from 'vitest';
import { parseCoordinates, searchPlaces, type Place } from './search';

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
