import { Injectable } from '@nestjs/common';
import type { ProtectedFacilityKind, ProtectionCheckInput, ProtectionFindings } from '@cosite/contracts';
import { DataSource } from 'typeorm';
import * as sql from './protection.sql';

/** A facility whose protection zone a works area touches (or comes near), with its owner. */
export interface Affected {
  facilityType: 'structure' | 'route';
  facilityId: number;
  facilityKind: ProtectedFacilityKind;
  kind: string;
  code: string | null;
  name: string | null;
  widthM: number;
  ownerId: string;
  ownerZh: string;
  ownerEn: string;
  contact: string | null;
  insideZone: boolean;
  distanceM: number;
  crossing: boolean;
  geometry: Record<string, unknown>;
}

export interface StoredCheck {
  id: string;
  createdAt: string;
  result: ProtectionFindings;
  area: Record<string, unknown>;
}

/** The reader of protection zones and the one writer of protection checks. */
@Injectable()
export class ProtectionRepository {
  constructor(private readonly db: DataSource) {}

  async shape(geojson: string): Promise<{ reason: string; length: number }> {
    const [r] = await this.db.query(sql.SHAPE, [geojson]);
    return r;
  }

  zonesNear(geojson: string, widthM: number, withinM: number): Promise<Affected[]> {
    return this.db.query(sql.ZONES_NEAR, [geojson, widthM, withinM]);
  }

  async insert(input: ProtectionCheckInput, result: ProtectionFindings, geojson: string): Promise<{ id: string; createdAt: string }> {
    const [saved] = await this.db.query(sql.INSERT_CHECK, [JSON.stringify(input), JSON.stringify(result), geojson]);
    return saved;
  }

  async get(id: string): Promise<StoredCheck | undefined> {
    const [row] = await this.db.query(sql.GET_CHECK, [id]);
    return row;
  }
}
