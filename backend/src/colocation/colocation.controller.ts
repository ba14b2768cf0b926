import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ColocationService } from './colocation.service';

@ApiTags('colocation')
@Controller('colocation')
export class ColocationController {
  constructor(private readonly colocation: ColocationService) {}

  @Post('analyses')
  @ApiOperation({ summary: 'Share before build: candidates in the ring with reasons and scores, the decision, and a new-build suggestion when nothing can be shared' })
  analyse(@Body() body: unknown) {
    return this.colocation.analyse(body);
  }

  @Get('analyses/:id')
  get(@Param('id') id: string) {
    return this.colocation.get(id);
  }

  @Get('summary')
  @ApiOperation({ summary: 'Decisions booked: towers avoided, land saved, by operator, district and month' })
  summary() {
    return this.colocation.summary();
  }
}
