import { Injectable } from '@nestjs/common';
import type { OverlapCheckInput, OverlapFindings } from '@cosite/contracts';
import { DataSource } from 'typeorm';
import * as sql from './route-sharing.sql';

export interface RouteShape {
  lengthM: number;
  simple: boolean;
  reason: string;
  operatorKnown: boolean;
}

/** What runs along a proposal, as the SQL gives it (lengths unrounded). */
export interface AlongFound {
  routes: (Omit<OverlapFindings['routes'][number], 'share'> & { sharedLengthM: number })[];
  alongAnyM: number | null;
  alongHostsM: number | null;
  alongHostsWithRoomM: number | null;
  shared: Record<string, unknown> | null;
  coBuildPartners: OverlapFindings['coBuildPartners'];
  crossings: OverlapFindings['crossings'];
}

export interface AlongQuery {
  geojson: string;
  corridorM: number;
  maxAngleDeg: number;
  hostKinds: string[];
  capacityNeeded: number;
  operator: string;
  family: string[];
  coBuildWindowDays: number;
  minShare: number;
  lengthM: number;
}

export interface StoredOverlapCheck {
  id: string;
  createdAt: string;
  geometry: Record<string, unknown>;
  result: OverlapFindings;
}

/** The reader of routes for overlap checks and the one writer of the checks. */
@Injectable()
export class RouteSharingRepository {
  constructor(private readonly db: DataSource) {}

  async shape(geojson: string, operator: string): Promise<RouteShape> {
    const [shape] = await this.db.query(sql.SHAPE, [geojson, operator]);
    return shape;
  }

  async along(q: AlongQuery): Promise<AlongFound> {
    const [found] = await this.db.query(sql.ALONG, [
      q.geojson,
      q.corridorM,
      q.maxAngleDeg,
      q.hostKinds,
      q.capacityNeeded,
      q.operator,
      q.family,
      q.coBuildWindowDays,
      q.minShare,
      q.lengthM,
    ]);
    return found;
  }

  async insert(
    input: OverlapCheckInput,
    corridorM: number,
    verdict: string,
    result: OverlapFindings,
    geojson: string,
  ): Promise<{ id: string; createdAt: string }> {
    const [saved] = await this.db.query(sql.INSERT_CHECK, [
      input.operator,
      input.kind,
      input.capacityNeeded,
      corridorM,
      verdict,
      JSON.stringify(result),
      geojson,
    ]);
    return saved;
  }

  async get(id: string): Promise<StoredOverlapCheck | undefined> {
    const [row] = await this.db.query(sql.GET_CHECK, [id]);
    return row;
  }
}
