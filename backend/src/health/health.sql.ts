/** What /health asks the database: the SQL beside its repository (health.repository.ts). */

export const DATABASE = `SELECT current_setting('server_version') AS version, current_database() AS name`;

export const POSTGIS = `SELECT postgis_lib_version() AS version, postgis_geos_version() AS geos, postgis_proj_version() AS proj`;
