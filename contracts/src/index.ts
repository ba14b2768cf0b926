/**
 * @cosite/contracts: the API's one contract. Zod schemas for every request and response, the closed vocabularies,
 * and the error codes; the backend validates and documents with them, the frontend types its calls with them.
 */
export * from './enums';
export * from './errors';
export * from './geojson';
export * from './zod';
export * from './tiles';
export * from './applications';
export * from './auth';
export * from './audit';
export * from './health';
export * from './kpi';
export * from './zoning';
export * from './protection';
export * from './route-sharing';
export * from './poles';
export * from './colocation';
export * from './inventory';
export * from './imports';
export * from './districts';
export * from './coverage';
export * from './terrain';
export * from './clutter';
export * from './capacity';
export * from './plans';
export * from './crs';
export * from './exports';
