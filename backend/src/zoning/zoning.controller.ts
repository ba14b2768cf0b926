import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { QueryParams } from '../common/request-edge';
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
  conditions(@Body() body: unknown) {
    return this.siting.conditions(body);
  }

  @Get('overlays/:id/versions')
  @ApiOperation({ summary: 'Every version of an overlay: created, each change, retired' })
  overlayVersions(@Param('id') id: string) {
    return this.rules.overlayVersions(id);
  }

  @Get('rules')
  @ApiOperation({ summary: 'The regulation rules in force (?subject=overlay|build_form|emf|protection_width|works_activity|spacing), each with its article' })
  @QueryParams(['subject'])
  listRules(@Query('subject') subject?: string) {
    return this.rules.list(subject);
  }

  @Get('rules/:code')
  rule(@Param('code') code: string) {
    return this.rules.get(code);
  }

  @Patch('rules/:code')
  @ApiOperation({ summary: 'Change a rule (outcome, figures, enabled, source); the change is kept with the signed-in user and when' })
  updateRule(@Param('code') code: string, @Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.rules.update(code, body, req.user!.username);
  }

  @Get('rules/:code/history')
  ruleHistory(@Param('code') code: string) {
    return this.rules.history(code);
  }
}
