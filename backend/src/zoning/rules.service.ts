import { Injectable } from '@nestjs/common';
import type { RuleSubject, RuleUpdateInput, StoredRule } from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { SITE_CONDITIONS } from './regulation-rules';
import { type OverlayVersionRow, type RuleChangeRow, RulesRepository } from './rules.repository';

export type { StoredRule } from '@cosite/contracts';

/** What each subject's outcome and figures may be: an edit that breaks them is refused, naming the field. */
function problemsOf(rule: StoredRule): { field: string; problem: string }[] {
  const out: { field: string; problem: string }[] = [];
  const p = rule.params;
  if (rule.subject === 'overlay' && !(SITE_CONDITIONS as readonly string[]).includes(rule.outcome))
    out.push({ field: 'outcome', problem: `must be one of ${SITE_CONDITIONS.join(', ')}` });
  if (rule.subject === 'works_activity' && !['forbidden', 'notify_owner'].includes(rule.outcome))
    out.push({ field: 'outcome', problem: 'must be forbidden or notify_owner' });
  if (rule.subject === 'protection_width' && !(typeof p.widthM === 'number' && p.widthM > 0 && p.widthM <= 1000))
    out.push({ field: 'params.widthM', problem: 'must be a width in metres, more than 0 and at most 1000' });
  if (rule.subject === 'emf' && !(typeof p.projectShare === 'number' && p.projectShare > 0 && p.projectShare <= 1))
    out.push({ field: 'params.projectShare', problem: 'must be a share of the limit, more than 0 and at most 1' });
  const share = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;
  if (rule.subject === 'pole_integration' && !(typeof p.clusterDistanceM === 'number' && p.clusterDistanceM > 0 && p.clusterDistanceM <= 100))
    out.push({ field: 'params.clusterDistanceM', problem: 'must be a distance in metres, more than 0 and at most 100' });
  if (rule.subject === 'route_sharing' && !(typeof p.corridorM === 'number' && p.corridorM > 0 && p.corridorM <= 100))
    out.push({ field: 'params.corridorM', problem: 'must be a corridor in metres, more than 0 and at most 100' });
  if (rule.subject === 'route_sharing' && !share(p.mustShareMinShare))
    out.push({ field: 'params.mustShareMinShare', problem: 'must be a share between 0 and 1' });
  if (rule.subject === 'kpi_target' && !share(p.min)) out.push({ field: 'params.min', problem: 'must be a rate between 0 and 1' });
  if (rule.subject === 'overlay' && p.defaultHeightLimitM !== undefined && !(typeof p.defaultHeightLimitM === 'number' && p.defaultHeightLimitM > 0))
    out.push({ field: 'params.defaultHeightLimitM', problem: 'must be a height in metres, more than 0' });
  return out;
}

/** The rules table: read by every check, edited by an administrator, every change kept with who and when. */
@Injectable()
export class RulesService {
  constructor(private readonly rules: RulesRepository) {}

  list(subject?: string): Promise<StoredRule[]> {
    return this.rules.list(subject ?? null);
  }

  /** The enabled rules of some subjects, as the checks read them. */
  enabled(subjects: RuleSubject[]): Promise<StoredRule[]> {
    return this.rules.enabled(subjects);
  }

  async get(code: string): Promise<StoredRule> {
    const rule = await this.rules.get(code);
    if (!rule) throw ApiError.notFound(`rule ${code}`);
    return rule;
  }

  async update(code: string, change: RuleUpdateInput, changedBy: string): Promise<StoredRule> {
    return this.rules.transaction(async (em) => {
      const before = await this.rules.get(code, em, true);
      if (!before) throw ApiError.notFound(`rule ${code}`);
      const after: StoredRule = { ...before, ...Object.fromEntries(Object.entries(change).filter(([k, v]) => k !== 'comment' && v !== undefined)) };
      const problems = problemsOf(after);
      if (problems.length) throw ApiError.invalid(problems);
      const saved = await this.rules.save(em, after, changedBy);
      // zones follow their width rule at once
      if (after.subject === 'protection_width') await this.rules.refreshProtectionZones(em, after.appliesTo);
      const strip = ({ updatedAt: _a, updatedBy: _b, ...r }: StoredRule) => r;
      await this.rules.recordChange(em, code, changedBy, strip(before), strip(saved), change.comment ?? null);
      return saved;
    });
  }

  async overlayVersions(id: string): Promise<OverlayVersionRow[]> {
    const rows = await this.rules.overlayVersions(id);
    if (!rows.length) throw ApiError.notFound(`overlay ${id}`);
    return rows;
  }

  async history(code: string): Promise<RuleChangeRow[]> {
    await this.get(code);
    return this.rules.history(code);
  }
}
