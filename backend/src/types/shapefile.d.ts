// shapefile (mbostock) ships no types: the one call Cosite makes.
declare module 'shapefile' {
  export function read(shp: ArrayBuffer, dbf?: ArrayBuffer, options?: { encoding?: string }): Promise<{ type: 'FeatureCollection'; features: unknown[] }>;
}
