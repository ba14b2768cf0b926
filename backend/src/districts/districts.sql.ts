/** The districts' SQL (districts.repository.ts runs it). */

const feature = (geometry: string) => `jsonb_build_object('type','Feature','id',d.id,
      'geometry', ${geometry},
      'properties', jsonb_build_object('adcode', d.id, 'nameZh', d.name_zh, 'nameEn', d.name_en,
         'population', d.population, 'populationYear', d.population_year, 'core', d.is_core,
         'areaKm2', round((ST_Area(d.geom::geography) / 1e6)::numeric, 1),
         'structures', (SELECT count(*) FROM structure s WHERE s.district_id = d.id),
         'populationOnCells', (SELECT sum(population) FROM population_cell p WHERE p.district_id = d.id)))`;

/** Every district (only the core ones when $1 is true; all when null) as a Feature without its boundary. */
export const LIST = `SELECT ${feature('NULL')} AS feature FROM district d
        WHERE ($1::boolean IS NULL OR d.is_core = $1::boolean) ORDER BY d.id`;

/** The same, with their boundaries (large). */
export const LIST_WITH_GEOMETRY = `SELECT ${feature('ST_AsGeoJSON(d.geom, 6)::jsonb')} AS feature FROM district d
        WHERE ($1::boolean IS NULL OR d.is_core = $1::boolean) ORDER BY d.id`;

/** One district ($1, its adcode) with its boundary. */
export const GET = `SELECT ${feature('ST_AsGeoJSON(d.geom, 6)::jsonb')} AS feature FROM district d WHERE d.id = $1::int`;
