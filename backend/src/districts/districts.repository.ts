import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DistrictFeature } from '@cosite/contracts';
import * as sql from './districts.sql';

/** Reads the districts with their population and what the inventory holds in each. */
@Injectable()
export class DistrictsRepository {
  constructor(private readonly db: DataSource) {}

  async list(core: boolean | null, withGeometry: boolean): Promise<DistrictFeature[]> {
    const rows: { feature: DistrictFeature }[] = await this.db.query(withGeometry ? sql.LIST_WITH_GEOMETRY : sql.LIST, [core]);
    return rows.map((r) => r.feature);
  }

  async get(adcode: number): Promise<DistrictFeature | null> {
    const rows: { feature: DistrictFeature }[] = await this.db.query(sql.GET, [adcode]);
    return rows[0]?.feature ?? null;
  }
}
