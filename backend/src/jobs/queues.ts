/** Queue and job names: one enum each, so producers and processors cannot disagree on a string. */
export enum QueueName {
  Imports = 'imports',
  Coverage = 'coverage',
  Colocation = 'colocation',
  Poles = 'poles',
  Terrain = 'terrain',
  Clutter = 'clutter',
  Plans = 'plans',
}

export enum JobName {
  LoadImportBatch = 'load-import-batch',
  ComputeCoverageChunk = 'compute-coverage-chunk',
  RecomputeCoverageNear = 'recompute-coverage-near',
  AnalyseDemandBatch = 'analyse-demand-batch',
  ConsolidatePoles = 'consolidate-poles',
  ImportTerrain = 'import-terrain',
  ImportClutter = 'import-clutter',
  /** A whole-city recompute after a terrain or clutter import that found a full run already going. */
  RecomputeAfterImport = 'recompute-after-import',
  RunPlan = 'run-plan',
}

export interface ConsolidatePolesPayload {
  runId: string;
}

export interface ImportTerrainPayload {
  importId: string;
}

export interface ImportClutterPayload {
  importId: string;
}

export interface RecomputeAfterImportPayload {
  /** 'terrain import' or 'clutter import': the run's requested_by. */
  reason: string;
  /** When the import's data was committed (ISO): a full run started after it already includes it. */
  committedAt: string;
}

export interface LoadImportBatchPayload {
  batchId: string;
}

export interface ComputeCoverageChunkPayload {
  runId: string;
  chunk: string;
}

export interface RecomputeCoverageNearPayload {
  structureIds: number[];
  tenancyIds: number[];
}

export interface AnalyseDemandBatchPayload {
  batchId: string;
  /** Lines [chunk × BATCH_CHUNK_LINES, (chunk + 1) × BATCH_CHUNK_LINES) of the valid demands; absent: all of them. */
  chunk?: number;
}

export interface RunPlanPayload {
  planId: string;
}
