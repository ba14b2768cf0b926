import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FamilySums } from './sharing-rates';
import * as sql from './kpi.sql';

/** The filters of a KPI read: a district, an operator, a period (dates YYYY-MM-DD). */
export interface KpiFilter {
  district?: number;
  operator?: string;
  from?: string;
  to?: string;
}

export interface ApprovalCount {
  state: string;
  kind: string;
  n: number;
  leadDays: number | null;
}

/** What the regulator's indicators read: facilities and their users, analyses booked, applications. */
@Injectable()
export class KpiRepository {
  constructor(private readonly db: DataSource) {}

  async districtExists(id: number): Promise<boolean> {
    const [r] = await this.db.query(sql.DISTRICT_EXISTS, [id]);
    return r.found;
  }

  async operatorExists(id: string): Promise<boolean> {
    const [r] = await this.db.query(sql.OPERATOR_EXISTS, [id]);
    return r.found;
  }

  /** Sums per family (and per group key: 'all', a district code's text, or an operator) of the facilities measured. */
  familySums(towerKinds: readonly string[], f: KpiFilter, groupBy?: 'district' | 'operator'): Promise<(FamilySums & { key: string | null })[]> {
    const statement = groupBy === 'district' ? sql.FAMILY_SUMS_BY_DISTRICT : groupBy === 'operator' ? sql.FAMILY_SUMS_BY_OPERATOR : sql.FAMILY_SUMS;
    return this.db.query(statement, [towerKinds, f.district ?? null, f.operator ?? null, f.from ?? null, f.to ?? null]);
  }

  async decisionsBooked(f: KpiFilter): Promise<{ analyses: number; shared: number }> {
    const [r] = await this.db.query(sql.DECISIONS_BOOKED, [f.district ?? null, f.operator ?? null, f.from ?? null, f.to ?? null]);
    return r;
  }

  approvals(f: KpiFilter): Promise<ApprovalCount[]> {
    return this.db.query(sql.APPROVALS, [f.district ?? null, f.operator ?? null, f.from ?? null, f.to ?? null]);
  }
}
