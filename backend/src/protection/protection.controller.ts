import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProtectionService } from './protection.service';

@ApiTags('protection')
@Controller('protection')
export class ProtectionController {
  constructor(private readonly protection: ProtectionService) {}

  @Post('checks')
  @ApiOperation({ summary: 'A works area (polygon, or line with a width) and its activities against the facility-protection zones; stored' })
  check(@Body() body: unknown) {
    return this.protection.check(body);
  }

  @Get('checks/:id')
  get(@Param('id') id: string) {
    return this.protection.get(id);
  }

  @Get('checks/:id/notices/:ownerId')
  @ApiOperation({ summary: 'A printable notice (HTML) to one owner of the facilities a check found' })
  async notice(@Param('id') id: string, @Param('ownerId') ownerId: string, @Res() res: Response) {
    res.type('text/html').send(await this.protection.notice(id, ownerId));
  }
}
