import { Injectable } from '@nestjs/common';
import type { PlanToWork, PlanToWorkInput, SignedInUser, Technology } from '@cosite/contracts';
import type { Client } from '../audit/audit-trail';
import { ApplicationsService } from '../applications/applications.service';
import { ColocationService } from '../colocation/colocation.service';
import { ApiError } from '../common/errors';
import { PLAN_DEMAND } from './plans.defaults';
import { PlansRepository } from './plans.repository';
import { PlansService } from './plans.service';

/** A ring this small around a chosen structure makes the analysis weigh that structure (and its close neighbours). */
const STRUCTURE_RING_M = 50;

/**
 * From plan to work: each chosen site becomes a co-location analysis (the same rules, so the regulator reads the
 * same evidence), and on request a draft application filed from it. Done once per plan: a second call answers
 * what the first made.
 */
@Injectable()
export class PlanWorkService {
  constructor(
    private readonly plans: PlansService,
    private readonly repo: PlansRepository,
    private readonly colocation: ColocationService,
    private readonly applications: ApplicationsService,
  ) {}

  async toWork(id: string, input: PlanToWorkInput, user: SignedInUser, client: Client): Promise<PlanToWork> {
    const plan = await this.plans.get(id, user);
    const result = await this.plans.result(id, user);
    if (input.applications && user.role !== 'planner') throw ApiError.forbidden('only planners file applications, for their own organisation');
    if (!(await this.repo.claimWork(id))) {
      const done = await this.repo.work(id);
      if (done && done.state !== 'running') return done as unknown as PlanToWork;
      throw ApiError.of('conflict', 'id', `plan ${id} is being turned into analyses; read it again shortly`);
    }
    try {
      const operator = String(plan.input.operator);
      const technology = plan.input.technology as Technology;
      const bandMHz = Number(result.settings.bandMHz);
      const analyses: PlanToWork['analyses'] = [];
      for (const s of result.sites) {
        const existing = s.option === 'share' || s.option === 'upgrade';
        const a = await this.colocation.analyse(
          {
            location: s.location,
            searchRadiusM: existing ? STRUCTURE_RING_M : undefined,
            operator,
            technology,
            bandMHz,
            antennaHeightM: s.antennaHeightM,
            slots: PLAN_DEMAND.slots,
            loadKg: s.option === 'smart_pole' ? PLAN_DEMAND.smallCellLoadKg : PLAN_DEMAND.macroLoadKg,
            indoor: false,
            reason: 'coverage',
          },
          undefined,
          undefined,
          user,
        );
        let applicationId: string | null = null;
        if (input.applications) {
          const justification = `Rollout plan ${id}, site ${s.order} of ${result.sites.length}: ${s.option}, ${s.residents} residents newly covered, ${s.cost} yuan`;
          const app = await this.applications.create(
            existing && a.candidates.some((c) => c.structureId === s.structureId && c.option === s.option)
              ? { analysisId: a.id, kind: s.option as 'share' | 'upgrade', structureId: s.structureId!, justification }
              : { analysisId: a.id, justification, ...(a.decision === 'new_build' ? { site: s.location } : {}) },
            user,
            client,
          );
          applicationId = app.id;
        }
        analyses.push({ order: s.order, analysisId: a.id, decision: a.decision, applicationId });
      }
      const work: PlanToWork = { analyses };
      await this.repo.setWork(id, work);
      return work;
    } catch (err) {
      // what was made stays (each analysis is whole); the plan can be turned again
      await this.repo.setWork(id, null);
      throw err;
    }
  }
}
