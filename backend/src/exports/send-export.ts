import type { Response } from 'express';
import { EXPORT_FILES, type AnalysisResult, type ExportFormat } from '@cosite/contracts';
import { ExportCancelled, type ExportFeature, type ExportSource, type KmlType, writeExport } from './feature-writers';

/**
 * An export as the HTTP answer: the file's type and name, then the features streamed into the response. A failure
 * once bytes have gone cannot become a 4xx/5xx any more: the connection is cut, so the client sees a broken file,
 * never a truncated one that looks whole.
 */
export async function sendExport(
  res: Response,
  format: ExportFormat,
  fileName: string,
  src: ExportSource,
  opts: { points: boolean; types?: Record<string, KmlType> },
) {
  const file = EXPORT_FILES[format];
  res.status(200).type(file.contentType);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${fileName}.${file.extension}"; filename*=UTF-8''${encodeURIComponent(`${fileName}.${file.extension}`)}`,
  );
  try {
    await writeExport(format, src, res, opts);
    if (!res.writableEnded) res.end();
  } catch (e) {
    // the reader hung up: no one to answer, and nothing went wrong here
    if (e instanceof ExportCancelled) return void res.destroy();
    if (!res.headersSent) throw e;
    res.destroy(e as Error);
  }
}

/**
 * A result already held as a FeatureCollection (a run's proposals, a batch's results, a plan's sites): its columns
 * are its features' properties, in the first feature's order.
 */
export function collectionSource(name: string, fc: { features: ExportFeature[] }): ExportSource {
  const columns = [...new Set(fc.features.flatMap((f) => Object.keys(f.properties ?? {})))];
  return { name, columns, features: fc.features };
}

/**
 * An analysis as features: each candidate structure with its option, score, reasons and conditions, and the new
 * build's site when one was proposed (ranked as the analysis ranked them).
 */
export function analysisFeatures(a: AnalysisResult): { features: ExportFeature[] } {
  const features: ExportFeature[] = a.candidates.map((c, k) => ({
    id: c.structureId,
    geometry: { type: 'Point', coordinates: [c.location.lon, c.location.lat] },
    properties: {
      rank: k + 1,
      decision: a.decision,
      structureId: c.structureId,
      code: c.code,
      name: c.name,
      kind: c.kind,
      option: c.option,
      feasible: c.feasible,
      score: c.score,
      distanceM: c.distanceM,
      populationGain: c.populationGain,
      reasons: c.reasons.join(' '),
      conditions: c.conditions.map((x) => `${x.condition} (${x.source})`).join('; '),
    },
  }));
  const nb = a.newBuild;
  if (nb?.location) {
    features.push({
      id: null,
      geometry: { type: 'Point', coordinates: [nb.location.lon, nb.location.lat] },
      properties: {
        rank: features.length + 1,
        decision: a.decision,
        option: 'new_build',
        kind: nb.structure.kind,
        distanceM: nb.distanceM,
        populationGain: nb.populationGain,
        conditions: nb.conditions.map((x) => `${x.condition} (${x.source})`).join('; '),
      },
    });
  }
  return { features };
}
