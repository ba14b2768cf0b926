import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as sql from './health.sql';

/** The database's side of the health check: its version and PostGIS's. */
@Injectable()
export class HealthRepository {
  constructor(private readonly db: DataSource) {}

  async database(): Promise<{ version: string; name: string }> {
    const [r] = await this.db.query(sql.DATABASE);
    return r;
  }

  async postgis(): Promise<{ version: string; geos: string; proj: string }> {
    const [r] = await this.db.query(sql.POSTGIS);
    return r;
  }
}
