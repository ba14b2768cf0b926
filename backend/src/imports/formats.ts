import AdmZip from 'adm-zip';
import proj4 from 'proj4';
import * as shapefile from 'shapefile';
import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import { ImportFileError } from './loader';

/**
 * Zoning arrives as KML (Google Earth, many bureaus' exports) or zipped Shapefiles (GIS desktops). Both are turned
 * into a GeoJSON FeatureCollection on upload, so the one loader checks and loads every format alike.
 */

/** KML placemarks with their names and ExtendedData as properties. */
export function kmlToFeatureCollection(text: string): { type: 'FeatureCollection'; features: unknown[] } {
  const errors: string[] = [];
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({ onError: (level, msg) => level !== 'warning' && errors.push(msg) }).parseFromString(text, 'text/xml');
  } catch (e) {
    throw new ImportFileError(`not a KML document: ${(e as Error).message.split('\n')[0]}`); // xmldom throws on fatal errors
  }
  if (errors.length || !doc.documentElement || doc.documentElement.nodeName.toLowerCase() !== 'kml') {
    throw new ImportFileError(`not a KML document${errors.length ? `: ${errors[0].split('\n')[0]}` : ''}`);
  }
  const fc = kml(doc as unknown as Parameters<typeof kml>[0]);
  // togeojson keeps styling keys beside the data; only the data goes on
  for (const f of fc.features) {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(p)) if (k.startsWith('style') || k.startsWith('stroke') || k.startsWith('fill') || k === 'styleUrl') delete p[k];
  }
  return fc as { type: 'FeatureCollection'; features: unknown[] };
}

/** dBASE field names are at most 10 characters: the short names a Shapefile carries for our properties. */
const DBF_ALIASES: Record<string, string> = {
  name_en: 'nameEn', nameen: 'nameEn', valid_from: 'validFrom', validfrom: 'validFrom', valid_to: 'validTo', validto: 'validTo',
  height_lim: 'heightLimitM', heightlim: 'heightLimitM', heightlimi: 'heightLimitM',
};

export class MissingProjectionError extends Error {}

/**
 * A zipped Shapefile (.shp, .dbf, optional .prj and .cpg) as GeoJSON in WGS84 axis order. Without a .prj the
 * coordinate system cannot be known: the caller must say it (MissingProjectionError when it did not).
 */
export async function shapefileZipToFeatureCollection(zip: Buffer, crsDeclared: boolean): Promise<{ type: 'FeatureCollection'; features: unknown[]; projection: string | null }> {
  let entries: AdmZip.IZipEntry[];
  try {
    entries = new AdmZip(zip).getEntries();
  } catch (e) {
    throw new ImportFileError(`not a zip archive: ${(e as Error).message}`);
  }
  const find = (ext: string) => entries.find((e) => !e.isDirectory && e.entryName.toLowerCase().endsWith(ext));
  const shp = find('.shp');
  const dbf = find('.dbf');
  const prj = find('.prj');
  const cpg = find('.cpg');
  if (!shp) throw new ImportFileError('the zip holds no .shp file');
  if (!prj && !crsDeclared) throw new MissingProjectionError('the Shapefile has no .prj: say which coordinate system its coordinates are in with ?crs=wgs84|gcj02|bd09');
  const encoding = cpg ? cpg.getData().toString('latin1').trim().toLowerCase() || 'utf-8' : 'utf-8';
  let collection: { features: { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } | null }[] };
  try {
    collection = (await shapefile.read(toArrayBuffer(shp.getData()), dbf ? toArrayBuffer(dbf.getData()) : undefined, { encoding })) as typeof collection;
  } catch (e) {
    throw new ImportFileError(`the Shapefile cannot be read: ${(e as Error).message}`);
  }
  const wkt = prj?.getData().toString('utf8').trim() ?? null;
  const transform = wkt && /^PROJCS/i.test(wkt) ? proj4(wkt, 'WGS84') : null; // geographic WGS84/CGCS2000: already lon/lat
  for (const f of collection.features) {
    f.properties = Object.fromEntries(Object.entries(f.properties ?? {}).map(([k, v]) => [DBF_ALIASES[k.toLowerCase()] ?? k, typeof v === 'string' ? v.trim() : v]));
    if (transform && f.geometry) f.geometry.coordinates = mapPositions(f.geometry.coordinates, (p) => transform.forward(p as [number, number]));
  }
  return { type: 'FeatureCollection', features: collection.features, projection: wkt };
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

function mapPositions(c: unknown, fn: (p: number[]) => number[]): unknown {
  if (Array.isArray(c) && typeof c[0] === 'number') return fn(c as number[]);
  return Array.isArray(c) ? c.map((x) => mapPositions(x, fn)) : c;
}
