// shapefile (mbostock) ships no types: the one call Cosite makes (streams in, features out one by one).
declare module 'shapefile' {
  export interface Source {
    read(): Promise<{ done: boolean; value: unknown }>;
    cancel(): Promise<void>;
  }
  export function open(shp: NodeJS.ReadableStream | ArrayBuffer, dbf?: NodeJS.ReadableStream | ArrayBuffer, options?: { encoding?: string }): Promise<Source>;
}
