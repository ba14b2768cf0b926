import { Controller, Get, HttpCode, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  overlayIdParam,
  overlayVersions,
  ruleCode,
  ruleHistory,
  ruleList,
  rulesQuery,
  type RulesQuery,
  ruleUpdateInput,
  type RuleUpdateInput,
  sitingConditionsInput,
  type SitingConditionsInput,
  sitingResult,
  type SitingResult,
  storedRule,
  type StoredRule,
} from '@cosite/contracts';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { BodyOf, Fails, ParamOf, QueryOf, Returns } from '../common/dto';
import type { OverlayVersionRow, RuleChangeRow } from './rules.repository';
import { RulesService } from './rules.service';
import { SitingService } from './siting.service';

@ApiTags('zoning')
@Controller()
export class ZoningController {
  constructor(
    private readonly rules: RulesService,
    private readonly siting: SitingService,
  ) {}

  @Post('siting/conditions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Verdict and conditions for a proposed or existing structure: overlays, build form, EMF at the nearest sensitive site' })
  @Returns(sitingResult)
  conditions(@BodyOf(sitingConditionsInput) input: SitingConditionsInput): Promise<SitingResult> {
    return this.siting.conditions(input);
  }

  @Get('overlays/:id/versions')
  @ApiOperation({ summary: 'Every version of an overlay: created, each change, retired' })
  @Returns(overlayVersions)
  @Fails('not_found')
  overlayVersions(@ParamOf('id', overlayIdParam) id: string): Promise<OverlayVersionRow[]> {
    return this.rules.overlayVersions(id);
  }

  @Get('rules')
  @ApiOperation({ summary: 'The regulation rules in force (?subject=overlay|build_form|emf|protection_width|works_activity|spacing), each with its article' })
  @Returns(ruleList)
  listRules(@QueryOf(rulesQuery) query: RulesQuery): Promise<StoredRule[]> {
    return this.rules.list(query.subject);
  }

  @Get('rules/:code')
  @ApiOperation({ summary: 'One regulation rule: its outcome, figures, regulation and article' })
  @Returns(storedRule)
  @Fails('not_found')
  rule(@ParamOf('code', ruleCode) code: string): Promise<StoredRule> {
    return this.rules.get(code);
  }

  @Patch('rules/:code')
  @ApiOperation({ summary: 'Change a rule (outcome, figures, enabled, source); the change is kept with the signed-in user and when' })
  @Returns(storedRule)
  @Fails('not_found')
  updateRule(@ParamOf('code', ruleCode) code: string, @BodyOf(ruleUpdateInput) change: RuleUpdateInput, @Req() req: AuthenticatedRequest): Promise<StoredRule> {
    return this.rules.update(code, change, req.user!.username);
  }

  @Get('rules/:code/history')
  @ApiOperation({ summary: "Every change of a rule: who, when, the rule before and after, and the editor's comment" })
  @Returns(ruleHistory)
  @Fails('not_found')
  ruleHistory(@ParamOf('code', ruleCode) code: string): Promise<RuleChangeRow[]> {
    return this.rules.history(code);
  }
}
