/** Queue and job names: one enum each, so producers and processors cannot disagree on a string. */
export enum QueueName {
  Imports = 'imports',
}

export enum JobName {
  LoadImportBatch = 'load-import-batch',
}

export interface LoadImportBatchPayload {
  batchId: string;
}
