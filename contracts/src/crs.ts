/**
 * The coordinate systems an import may be in. Cosite stores WGS84 only; everything else is converted on the way in.
 * Besides WGS84 and the two obfuscated systems of Chinese web maps (GCJ-02, BD-09), planning offices keep their data
 * in CGCS2000 (geographic, or projected on Gauss-Krüger zones) and older survey data in Xian 1980 or Beijing 1954
 * Gauss-Krüger. The projected ones are named by their EPSG codes; their parameters come from the EPSG registry.
 */

export type CrsDatum = 'wgs84' | 'gcj02' | 'bd09' | 'cgcs2000' | 'xian80' | 'beijing54';

export interface CrsInfo {
  /** As given in ?crs= and stored on the batch: wgs84, gcj02, bd09, or EPSG:NNNN. */
  code: string;
  name: string;
  datum: CrsDatum;
  /** Gauss-Krüger: zone width (3 or 6 degrees), central meridian, and the zone number when it leads the easting. */
  gk?: { width: 3 | 6; centralMeridian: number; zone: number; prefixed: boolean };
  /**
   * Why a conversion may be off by more than a metre (Xian 1980 and Beijing 1954 have no published national
   * transformation to WGS84: accuracy below a few metres needs the local 7-parameter set of the survey).
   */
  warning?: string;
}

const NAMED: CrsInfo[] = [
  { code: 'wgs84', name: 'WGS 84 (GPS, OpenStreetMap)', datum: 'wgs84' },
  { code: 'gcj02', name: 'GCJ-02 (AutoNavi, Tencent maps)', datum: 'gcj02' },
  { code: 'bd09', name: 'BD-09 (Baidu maps)', datum: 'bd09' },
  { code: 'EPSG:4326', name: 'WGS 84', datum: 'wgs84' },
  // CGCS2000 and WGS84 agree to a few centimetres: taken as the same datum, as the EPSG registry does
  { code: 'EPSG:4490', name: 'CGCS2000 geographic', datum: 'cgcs2000' },
];

const LOCAL_DATUM_WARNING =
  'converted with the EPSG registry’s parameters only: for accuracy below a few metres (often tens of metres here) a local 7-parameter transformation from the survey is needed';

const DATUM_NAME: Record<'cgcs2000' | 'xian80' | 'beijing54', string> = { cgcs2000: 'CGCS2000', xian80: 'Xian 1980', beijing54: 'Beijing 1954' };

/** A run of EPSG codes: zones `firstZone`… of `width` degrees, prefixed (zone number in the false easting) or by central meridian. */
function gkRun(datum: 'cgcs2000' | 'xian80' | 'beijing54', width: 3 | 6, firstCode: number, firstZone: number, count: number, prefixed: boolean): CrsInfo[] {
  return Array.from({ length: count }, (_, k) => {
    const zone = firstZone + k;
    const centralMeridian = width === 3 ? zone * 3 : zone * 6 - 3;
    const label = prefixed ? `zone ${zone}` : `CM ${centralMeridian}E`;
    return {
      code: `EPSG:${firstCode + k}`,
      name: `${DATUM_NAME[datum]} / ${width === 3 ? '3-degree ' : ''}Gauss-Kruger ${label}`,
      datum,
      gk: { width, centralMeridian, zone, prefixed },
      ...(datum === 'cgcs2000' ? {} : { warning: LOCAL_DATUM_WARNING }),
    };
  });
}

export const IMPORT_CRS: readonly CrsInfo[] = [
  ...NAMED,
  ...gkRun('cgcs2000', 3, 4513, 25, 21, true),
  ...gkRun('cgcs2000', 3, 4534, 25, 21, false),
  ...gkRun('cgcs2000', 6, 4491, 13, 11, true),
  ...gkRun('cgcs2000', 6, 4502, 13, 11, false),
  ...gkRun('xian80', 3, 2349, 25, 21, true),
  ...gkRun('xian80', 3, 2370, 25, 21, false),
  ...gkRun('xian80', 6, 2327, 13, 11, true),
  ...gkRun('xian80', 6, 2338, 13, 11, false),
  ...gkRun('beijing54', 3, 2401, 25, 21, true),
  ...gkRun('beijing54', 3, 2422, 25, 21, false),
];

const BY_CODE = new Map(IMPORT_CRS.map((c) => [c.code.toLowerCase(), c]));

/** The system a code names (wgs84, gcj02, bd09, EPSG:4523, epsg:4523 or 4523), or undefined when Cosite does not take it. */
export function crsInfo(code: string): CrsInfo | undefined {
  const c = code.trim().toLowerCase();
  return BY_CODE.get(c) ?? BY_CODE.get(`epsg:${c.replace(/^epsg:/, '')}`);
}
