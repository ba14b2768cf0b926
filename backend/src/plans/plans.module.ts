import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { ColocationModule } from '../colocation/colocation.module';
import { CoverageModule } from '../coverage/coverage.module';
import { PolesModule } from '../poles/poles.module';
import { ZoningModule } from '../zoning/zoning.module';
import { PlanWorkService } from './plan-work.service';
import { PlansController } from './plans.controller';
import { PlansRepository } from './plans.repository';
import { PlansService } from './plans.service';

/**
 * Rollout plans: the fewest new towers (or the most residents within a budget) for an area's targets, from the
 * co-location rules, multi-pole integration, the zoning overlays and the coverage engine; the solver is pure
 * (solver/). The worker computes plans (RunPlanJob); the API starts, reads, exports and turns them into work.
 */
@Module({
  imports: [CoverageModule, ZoningModule, PolesModule, ColocationModule, ApplicationsModule],
  controllers: [PlansController],
  providers: [PlansService, PlansRepository, PlanWorkService],
})
export class PlansModule {}
