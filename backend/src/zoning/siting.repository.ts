import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as sql from './siting.sql';
import type { TenancyRadio } from './emf';

export interface OverlayAt {
  id: number;
  kind: string;
  name: string;
  heightLimitM: number | null;
}

export interface StoredStructure {
  lon: number;
  lat: number;
  kind: string;
  heightM: number;
  buildForm: string;
  status: string;
}

export interface NearestOverlay {
  id: number;
  kind: string;
  name: string;
  distanceM: number;
  lon: number;
  lat: number;
}

/** What the siting rule engine reads: overlays at and near a point, a stored structure and its tenants' radio. */
@Injectable()
export class SitingRepository {
  constructor(private readonly db: DataSource) {}

  overlaysAt(lon: number, lat: number): Promise<OverlayAt[]> {
    return this.db.query(sql.OVERLAYS_AT, [lon, lat]);
  }

  async structure(id: number): Promise<StoredStructure | undefined> {
    const [s] = await this.db.query(sql.STRUCTURE, [id]);
    return s;
  }

  tenancyRadio(structureId: number): Promise<TenancyRadio[]> {
    return this.db.query(sql.TENANCY_SECTORS, [structureId]);
  }

  async nearest(lon: number, lat: number, kinds: readonly string[], withinM: number): Promise<NearestOverlay | undefined> {
    const [near] = await this.db.query(sql.NEAREST_SENSITIVE, [lon, lat, kinds, withinM]);
    return near;
  }
}
