import { type z } from 'zod';
import type { EntityManager } from 'typeorm';
import type { GeometryType } from '@cosite/contracts';

export type PgType = 'text' | 'integer' | 'bigint' | 'numeric' | 'boolean' | 'date' | 'jsonb';

/** One stored property: its API name, its column and SQL type. */
export interface ColumnSpec {
  prop: string;
  column: string;
  pgType: PgType;
  /** SQL computing the column from the recordset row `r` on insert/update (default: r.<column>). */
  writeExpr?: string;
}

/** A row of a batch that could not be written, with where it came from and why. */
export interface RowReject {
  /** Index in the batch (0-based); the loader turns it into a line or feature number. */
  index: number;
  field: string;
  problem: string;
}

export interface BatchRow {
  /** Position in the batch, carried through SQL to report rejects and map new ids. */
  i: number;
  properties: Record<string, unknown>;
  geometry?: { type: GeometryType; coordinates: unknown } | null;
}

/**
 * Everything the generic feature store needs to know about one inventory layer. Identifiers here are
 * static, never from a request; values always travel as bound parameters.
 */
export interface LayerSpec {
  /** Path segment and import name, e.g. "structures". */
  name: string;
  /** Singular in messages: "structure". */
  label: string;
  table: string;
  /** Geometry the client sends and how it is stored, or null when the layer borrows one (tenancies). */
  geometry: { types: readonly GeometryType[]; store: 'Point' | 'LineString' | 'MultiPolygon' | 'Geometry' } | null;
  /** Output geometry SQL for layers without their own (uses alias t). */
  geometryReadSql?: string;
  columns: ColumnSpec[];
  /** Recordset fields that are not columns (e.g. structureCode to resolve structure_id). */
  extraFields?: { name: string; pgType: PgType }[];
  /** Extra FROM clause for reads (alias t is the table). */
  readJoin?: string;
  /** Read-only computed properties. */
  derived?: { prop: string; sql: string }[];
  /** Validates a complete set of properties (create, or merged update): the layer's contract (@cosite/contracts). */
  properties: z.ZodType<Record<string, unknown>>;
  /** The properties of a feature as the API answers it (columns, derived and extra): the contract's, for the document. */
  featureProperties: z.ZodType;
  /** Foreign keys checked row by row before writing, so a batch rejects rows, not the whole file. */
  references?: { prop: string; table: string; column: string; where?: string; what: string }[];
  /** List filters: ?param=a,b → column::text = ANY(...); `values`, when given, are the only ones taken. */
  filters: { param: string; column: string; values?: readonly string[] }[];
  /** Constraint name → API field, for errors raised by the database. */
  constraintFields?: Record<string, string>;
  /** Layer checks that need the database (slots on a structure…); run inside the write transaction. */
  checkBatch?: (m: EntityManager, rows: BatchRow[], mode: 'insert' | 'update', ids?: string[]) => Promise<RowReject[]>;
  /** Writes dependent rows (route tenants) once ids are known. */
  afterWrite?: (m: EntityManager, written: { id: string; row: BatchRow }[], mode: 'insert' | 'update') => Promise<void>;
  /** DELETE retires instead of deleting: the SET clause that retires a row (the row must have retired_at). */
  retire?: string;
  /** Properties read back for output that come from dependent rows. */
  readExtra?: { prop: string; sql: string }[];
  /**
   * The property naming the organisation that owns a row (a tenancy's operatorId, a structure's ownerId): only its
   * planners (and admins) write the row, see auth/ownership.ts. Layers without one are held to the permission table only.
   */
  owner?: string;
}
