import type { FeatureStore } from '../layers/feature-store';
import { featureInputs, type RawInput, readInputs } from './loader';
import { kmlToFeatures, shapefileZipToFeatures } from './formats';
import type { UploadCaps } from '../common/upload-caps';

export type SourceFormat = 'geojson' | 'csv' | 'kml' | 'shapefile';

/**
 * An upload's rows, numbered as in the file, whatever its format (run by the worker, never the API): a zip is
 * streamed member by member, text is decoded (invalid UTF-8 becomes U+FFFD rather than failing the file).
 */
export async function readUpload(store: FeatureStore, format: SourceFormat, upload: Buffer, caps: UploadCaps): Promise<RawInput[]> {
  if (format === 'shapefile') return featureInputs(await shapefileZipToFeatures(upload, caps));
  const text = upload.toString('utf8');
  if (format === 'kml') return featureInputs(kmlToFeatures(text, caps));
  return readInputs(store, format, text, caps);
}
