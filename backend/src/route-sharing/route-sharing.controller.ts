import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { OverlapCheckService } from './overlap-check.service';

@ApiTags('route sharing')
@Controller('routes/overlap-checks')
export class RouteSharingController {
  constructor(private readonly checks: OverlapCheckService) {}

  @Post()
  @ApiOperation({ summary: 'A proposed duct, pole line or cable against the routes it would run along: shared length, free capacity, co-build partners and the verdict with its rule' })
  check(@Body() body: unknown) {
    return this.checks.check(body);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.checks.get(id);
  }
}
