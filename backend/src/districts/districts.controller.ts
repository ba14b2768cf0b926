import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  districtCollection,
  districtFeature,
  districtId,
  districtListQuery,
  type DistrictCollection,
  type DistrictFeature,
  type DistrictListQuery,
} from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { Fails, ParamOf, QueryOf, Returns } from '../common/dto';
import { DistrictsRepository } from './districts.repository';

/** Districts with census population and what the inventory holds in each. */
@ApiTags('districts')
@Controller('districts')
export class DistrictsController {
  constructor(private readonly districts: DistrictsRepository) {}

  @Get()
  @ApiOperation({ summary: 'Districts as GeoJSON, with population and structure counts' })
  @Returns(districtCollection)
  @Fails('validation_failed')
  async list(@QueryOf(districtListQuery) q: DistrictListQuery): Promise<DistrictCollection> {
    const features = await this.districts.list(q.core === undefined ? null : q.core === 'true', q.geometry === 'true');
    return { type: 'FeatureCollection', features };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One district as GeoJSON, with its boundary' })
  @Returns(districtFeature)
  @Fails('not_found')
  async get(@ParamOf('id', districtId) adcode: number): Promise<DistrictFeature> {
    const feature = await this.districts.get(adcode);
    if (!feature) throw ApiError.notFound(`district ${adcode}`);
    return feature;
  }
}
