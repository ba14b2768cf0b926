import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ApiError } from '../common/errors';
import { parseOrThrow } from '../common/zod';
import { QueryParams } from '../common/request-edge';

const listQuery = z.object({
  core: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  geometry: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
});

/** Districts with census population and what the inventory holds in each. */
@ApiTags('districts')
@Controller('districts')
export class DistrictsController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Districts as GeoJSON, with population and structure counts' })
  @ApiQuery({ name: 'core', required: false, description: 'true: only the nine central districts' })
  @ApiQuery({ name: 'geometry', required: false, description: 'true to include boundaries (large)' })
  @QueryParams(listQuery)
  async list(@Query() query: Record<string, unknown>) {
    const q = parseOrThrow(listQuery, query);
    const rows = await this.db.query(
      `SELECT ${this.featureSql(q.geometry === 'true')} AS feature FROM district d
        WHERE ($1::boolean IS NULL OR d.is_core = $1) ORDER BY d.id`,
      [q.core === undefined ? null : q.core === 'true'],
    );
    return { type: 'FeatureCollection', features: rows.map((r: { feature: unknown }) => r.feature) };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    const adcode = parseOrThrow(z.coerce.number().int().min(100000).max(999999), id, 'id');
    const rows = await this.db.query(`SELECT ${this.featureSql(true)} AS feature FROM district d WHERE d.id = $1`, [adcode]);
    if (!rows.length) throw ApiError.notFound(`district ${adcode}`);
    return rows[0].feature;
  }

  private featureSql(withGeometry: boolean): string {
    return `jsonb_build_object('type','Feature','id',d.id,
      'geometry', ${withGeometry ? 'ST_AsGeoJSON(d.geom, 6)::jsonb' : 'NULL'},
      'properties', jsonb_build_object('adcode', d.id, 'nameZh', d.name_zh, 'nameEn', d.name_en,
         'population', d.population, 'populationYear', d.population_year, 'core', d.is_core,
         'areaKm2', round((ST_Area(d.geom::geography) / 1e6)::numeric, 1),
         'structures', (SELECT count(*) FROM structure s WHERE s.district_id = d.id),
         'populationOnCells', (SELECT sum(population) FROM population_cell p WHERE p.district_id = d.id)))`;
  }
}
