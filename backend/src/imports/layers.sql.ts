import { layerStatements } from '../layers/feature-store.sql';
import { LAYERS } from './layers';

/**
 * The feature store's statements are built from each layer's spec (layers/feature-store.sql.ts); these are all of
 * them, for every layer an import can load, so the SQL check PREPAREs each against the schema.
 */
export const SQL_EXAMPLES: string[] = Object.values(LAYERS).flatMap((spec) => Object.values(layerStatements(spec)));
