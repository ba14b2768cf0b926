import { Injectable } from '@nestjs/common';
import type { RuleSubject, StoredRule } from '@cosite/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import * as sql from './rules.sql';
import type { Db } from '../database/queryable';

export interface RuleChangeRow {
  id: number;
  changedAt: string;
  changedBy: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  comment: string | null;
}

export interface OverlayVersionRow {
  version: number;
  change: string;
  changedAt: string;
  properties: Record<string, unknown>;
  geometry: Record<string, unknown> | null;
}

/** The one reader and writer of the regulation rules (and their change log), and the reader of overlay versions. */
@Injectable()
export class RulesRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  list(subject: string | null): Promise<StoredRule[]> {
    return this.db.query(sql.LIST, [subject]);
  }

  enabled(subjects: readonly RuleSubject[]): Promise<StoredRule[]> {
    return this.db.query(sql.ENABLED, [subjects]);
  }

  async get(code: string, em: Db = this.db, forUpdate = false): Promise<StoredRule | undefined> {
    const [rule] = await em.query(forUpdate ? sql.GET_FOR_UPDATE : sql.GET, [code]);
    return rule;
  }

  async save(em: Db, rule: StoredRule, changedBy: string): Promise<StoredRule> {
    const [saved] = await em.query(sql.UPDATE, [rule.code, rule.outcome, JSON.stringify(rule.params), rule.enabled, rule.regulation, rule.article, changedBy]);
    return saved;
  }

  async refreshProtectionZones(em: Db, facilityKind: string): Promise<void> {
    await em.query(sql.REFRESH_PROTECTION_ZONES, [facilityKind]);
  }

  async recordChange(em: Db, code: string, changedBy: string, before: unknown, after: unknown, comment: string | null): Promise<void> {
    await em.query(sql.INSERT_CHANGE, [code, changedBy, JSON.stringify(before), JSON.stringify(after), comment]);
  }

  history(code: string): Promise<RuleChangeRow[]> {
    return this.db.query(sql.HISTORY, [code]);
  }

  overlayVersions(id: string): Promise<OverlayVersionRow[]> {
    return this.db.query(sql.OVERLAY_VERSIONS, [id]);
  }
}
