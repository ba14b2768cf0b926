import { Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { overlapCheckId, overlapCheckInput, type OverlapCheckInput, overlapCheckResult, type OverlapCheckResult } from '@cosite/contracts';
import { BodyOf, Fails, ParamOf, Returns } from '../common/dto';
import { OverlapCheckService } from './overlap-check.service';

@ApiTags('route sharing')
@Controller('routes/overlap-checks')
export class RouteSharingController {
  constructor(private readonly checks: OverlapCheckService) {}

  @Post()
  @ApiOperation({
    summary:
      'A proposed duct, pole line or cable against the routes it would run along: shared length, free capacity, co-build partners and the verdict with its rule',
  })
  @Returns(overlapCheckResult, { status: 201 })
  @Fails('rule_disabled')
  check(@BodyOf(overlapCheckInput) input: OverlapCheckInput): Promise<OverlapCheckResult> {
    return this.checks.check(input);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A stored overlap check: the proposal, what it runs along and the verdict' })
  @Returns(overlapCheckResult)
  @Fails('not_found')
  get(@ParamOf('id', overlapCheckId) id: string): Promise<OverlapCheckResult> {
    return this.checks.get(id);
  }
}
