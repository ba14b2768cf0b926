import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ApiError } from '../common/errors';
import { parseOrThrow } from '../common/zod';
import { SITE_CONDITIONS, RuleSubject } from './regulation-rules';

export interface StoredRule {
  code: string;
  subject: RuleSubject;
  appliesTo: string;
  outcome: string;
  params: Record<string, any>;
  regulation: string;
  article: string | null;
  enabled: boolean;
  updatedAt: string;
  updatedBy: string;
}

const RULE_COLUMNS = `code, subject, applies_to AS "appliesTo", outcome, params, regulation, article, enabled, updated_at AS "updatedAt", updated_by AS "updatedBy"`;

const patchSchema = z
  .object({
    outcome: z.string().min(1).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    enabled: z.boolean().optional(),
    regulation: z.string().trim().min(1).max(300).optional(),
    article: z.string().trim().max(300).nullable().optional(),
    comment: z.string().max(1000).optional(),
  })
  .strict()
  .refine((p) => p.outcome !== undefined || p.params !== undefined || p.enabled !== undefined || p.regulation !== undefined || p.article !== undefined, { message: 'nothing to change' });

/** What each subject's outcome and figures may be: an edit that breaks them is refused, naming the field. */
function problemsOf(rule: StoredRule): { field: string; problem: string }[] {
  const out: { field: string; problem: string }[] = [];
  const p = rule.params;
  if (rule.subject === 'overlay' && !(SITE_CONDITIONS as readonly string[]).includes(rule.outcome)) out.push({ field: 'outcome', problem: `must be one of ${SITE_CONDITIONS.join(', ')}` });
  if (rule.subject === 'works_activity' && !['forbidden', 'notify_owner'].includes(rule.outcome)) out.push({ field: 'outcome', problem: 'must be forbidden or notify_owner' });
  if (rule.subject === 'protection_width' && !(typeof p.widthM === 'number' && p.widthM > 0 && p.widthM <= 1000)) out.push({ field: 'params.widthM', problem: 'must be a width in metres, more than 0 and at most 1000' });
  if (rule.subject === 'emf' && !(typeof p.projectShare === 'number' && p.projectShare > 0 && p.projectShare <= 1)) out.push({ field: 'params.projectShare', problem: 'must be a share of the limit, more than 0 and at most 1' });
  const share = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;
  if (rule.subject === 'pole_integration' && !(typeof p.clusterDistanceM === 'number' && p.clusterDistanceM > 0 && p.clusterDistanceM <= 100)) out.push({ field: 'params.clusterDistanceM', problem: 'must be a distance in metres, more than 0 and at most 100' });
  if (rule.subject === 'route_sharing' && !(typeof p.corridorM === 'number' && p.corridorM > 0 && p.corridorM <= 100)) out.push({ field: 'params.corridorM', problem: 'must be a corridor in metres, more than 0 and at most 100' });
  if (rule.subject === 'route_sharing' && !share(p.mustShareMinShare)) out.push({ field: 'params.mustShareMinShare', problem: 'must be a share between 0 and 1' });
  if (rule.subject === 'kpi_target' && !share(p.min)) out.push({ field: 'params.min', problem: 'must be a rate between 0 and 1' });
  if (rule.subject === 'overlay' && p.defaultHeightLimitM !== undefined && !(typeof p.defaultHeightLimitM === 'number' && p.defaultHeightLimitM > 0)) out.push({ field: 'params.defaultHeightLimitM', problem: 'must be a height in metres, more than 0' });
  return out;
}

/** The rules table: read by every check, edited by an administrator, every change kept with who and when. */
@Injectable()
export class RulesService {
  constructor(private readonly db: DataSource) {}

  async list(subject?: string): Promise<StoredRule[]> {
    return this.db.query(`SELECT ${RULE_COLUMNS} FROM regulation_rule WHERE ($1::text IS NULL OR subject = $1) ORDER BY subject, code`, [subject ?? null]);
  }

  /** The enabled rules of some subjects, as the checks read them. */
  async enabled(subjects: RuleSubject[]): Promise<StoredRule[]> {
    return this.db.query(`SELECT ${RULE_COLUMNS} FROM regulation_rule WHERE enabled AND subject = ANY($1) ORDER BY code`, [subjects]);
  }

  async get(code: string): Promise<StoredRule> {
    const rows = await this.db.query(`SELECT ${RULE_COLUMNS} FROM regulation_rule WHERE code = $1`, [code]);
    if (!rows.length) throw ApiError.notFound(`rule ${code}`);
    return rows[0];
  }

  async update(code: string, body: unknown, changedBy: string): Promise<StoredRule> {
    const change = parseOrThrow(patchSchema, body ?? {});
    return this.db.transaction(async (em) => {
      const rows: StoredRule[] = await em.query(`SELECT ${RULE_COLUMNS} FROM regulation_rule WHERE code = $1 FOR UPDATE`, [code]);
      if (!rows.length) throw ApiError.notFound(`rule ${code}`);
      const before = rows[0];
      const after: StoredRule = { ...before, ...Object.fromEntries(Object.entries(change).filter(([k, v]) => k !== 'comment' && v !== undefined)) } as StoredRule;
      const problems = problemsOf(after);
      if (problems.length) throw ApiError.invalid(problems);
      const [saved] = await em.query(
        `WITH u AS (UPDATE regulation_rule SET outcome = $2, params = $3, enabled = $4, regulation = $5, article = $6, updated_at = now(), updated_by = $7 WHERE code = $1 RETURNING *)
         SELECT ${RULE_COLUMNS} FROM u`,
        [code, after.outcome, JSON.stringify(after.params), after.enabled, after.regulation, after.article, changedBy],
      );
      // zones follow their width rule at once
      if (after.subject === 'protection_width') await em.query(`SELECT protection_zones_refresh($1)`, [after.appliesTo]);
      const strip = ({ updatedAt: _a, updatedBy: _b, ...r }: StoredRule) => r;
      await em.query(`INSERT INTO regulation_rule_change (rule_code, changed_by, before, after, comment) VALUES ($1, $2, $3, $4, $5)`, [code, changedBy, JSON.stringify(strip(before)), JSON.stringify(strip(saved)), change.comment ?? null]);
      return saved;
    });
  }

  async overlayVersions(id: string) {
    parseOrThrow(z.string().regex(/^\d{1,18}$/, 'must be an overlay id'), id, 'id');
    const rows = await this.db.query(
      `SELECT version, change, changed_at AS "changedAt", properties, ST_AsGeoJSON(geom, 7)::json AS geometry FROM overlay_version WHERE overlay_id = $1 ORDER BY version`,
      [id],
    );
    if (!rows.length) throw ApiError.notFound(`overlay ${id}`);
    return rows;
  }

  async history(code: string) {
    await this.get(code);
    return this.db.query(
      `SELECT id::int, changed_at AS "changedAt", changed_by AS "changedBy", before, after, comment FROM regulation_rule_change WHERE rule_code = $1 ORDER BY changed_at, id`,
      [code],
    );
  }
}
