/** Queue and job names: one enum each, so producers and processors cannot disagree on a string. */
export enum QueueName {
  Imports = 'imports',
  Coverage = 'coverage',
  Colocation = 'colocation',
  Poles = 'poles',
  Terrain = 'terrain',
}

export enum JobName {
  LoadImportBatch = 'load-import-batch',
  ComputeCoverageChunk = 'compute-coverage-chunk',
  RecomputeCoverageNear = 'recompute-coverage-near',
  AnalyseDemandBatch = 'analyse-demand-batch',
  ConsolidatePoles = 'consolidate-poles',
  ImportTerrain = 'import-terrain',
}

export interface ConsolidatePolesPayload {
  runId: string;
}

export interface ImportTerrainPayload {
  importId: string;
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
