import type { DataSource, EntityManager } from 'typeorm';

/** Anything with pg-style query(): a DataSource, an EntityManager, a pool client wrapper. */
export interface Queryable {
  query: (sql: string, params?: unknown[]) => Promise<any[]>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Where a repository runs its SQL: the data source, or the caller's transaction. */
export type Db = DataSource | EntityManager;
