import { type DataSource } from 'typeorm';
import { createDataSource } from '../src/database/data-source';
import * as E from '@cosite/contracts';

/** The TypeScript vocabularies and the database CHECK constraints must list the same values. */
describe('enumerations match the database', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await createDataSource(process.env.DATABASE_URL!, 1).initialize();
  });
  afterAll(async () => ds.destroy());

  const allowed = async (table: string, column: string): Promise<string[]> => {
    const rows: { def: string }[] = await ds.query(
      `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE t.relname = $1 AND c.contype = 'c' AND pg_get_constraintdef(c.oid) ~ ('\\m' || $2 || '\\M') AND pg_get_constraintdef(c.oid) ~ 'ANY|IN'`,
      [table, column],
    );
    const def = rows.map((r) => r.def).find((d) => d.includes(`(${column}`) || d.includes(`${column} =`)) ?? rows[0]?.def ?? '';
    return [...def.matchAll(/'([^']+)'::text/g)].map((m) => m[1]).sort();
  };

  it.each([
    ['structure', 'kind', E.STRUCTURE_KINDS],
    ['structure', 'status', E.STRUCTURE_STATUSES],
    ['structure', 'build_form', E.BUILD_FORMS],
    ['structure', 'build_mode', E.BUILD_MODES],
    ['route', 'build_mode', E.BUILD_MODES],
    ['tenancy', 'technology', E.TECHNOLOGIES],
    ['tenancy', 'status', E.TENANCY_STATUSES],
    ['route', 'kind', E.ROUTE_KINDS],
    ['route', 'capacity_unit', E.ROUTE_CAPACITY_UNITS],
    ['overlay', 'kind', E.OVERLAY_KINDS],
    ['key_site', 'category', E.KEY_SITE_CATEGORIES],
    ['organisation', 'kind', E.ORGANISATION_KINDS],
    ['import_batch', 'layer', E.IMPORT_LAYERS],
    // the named systems, and every EPSG code Cosite converts by the pattern
    ['import_batch', 'crs', [...E.CRS_CODES, '^EPSG:[0-9]{4,5}$']],
    ['import_mapping_profile', 'layer', E.IMPORT_LAYERS],
    ['import_batch', 'source_format', E.IMPORT_SOURCE_FORMATS],
    ['street', 'class', E.STREET_CLASSES],
  ])('%s.%s', async (table, column, values) => {
    expect(await allowed(table as string, column as string)).toEqual([...(values as readonly string[])].sort());
  });

  it('takes every coordinate system an import may name', () => {
    for (const c of E.IMPORT_CRS) expect(E.CRS_CODES.includes(c.code as E.CrsCode) || /^EPSG:[0-9]{4,5}$/.test(c.code)).toBe(true);
  });
});
