import { Controller, Get, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  protectionCheckId,
  protectionOwnerId,
  protectionCheckInput,
  type ProtectionCheckInput,
  protectionCheckResult,
  type ProtectionCheckResult,
  protectionCheckView,
  type ProtectionCheckView,
} from '@cosite/contracts';
import { BodyOf, Fails, ParamOf, Returns, ReturnsFile } from '../common/dto';
import { ProtectionService } from './protection.service';

@ApiTags('protection')
@Controller('protection')
export class ProtectionController {
  constructor(private readonly protection: ProtectionService) {}

  @Post('checks')
  @ApiOperation({ summary: 'A works area (polygon, or line with a width) and its activities against the facility-protection zones; stored' })
  @Returns(protectionCheckResult, { status: 201 })
  check(@BodyOf(protectionCheckInput) input: ProtectionCheckInput): Promise<ProtectionCheckResult> {
    return this.protection.check(input);
  }

  @Get('checks/:id')
  @ApiOperation({ summary: 'A stored works check: its findings and the works area' })
  @Returns(protectionCheckView)
  @Fails('not_found')
  get(@ParamOf('id', protectionCheckId) id: string): Promise<ProtectionCheckView> {
    return this.protection.get(id);
  }

  @Get('checks/:id/notices/:ownerId')
  @ApiOperation({ summary: 'A printable notice (HTML) to one owner of the facilities a check found' })
  @ReturnsFile('text/html', 'the notice, a printable HTML page')
  @Fails('not_found')
  async notice(@ParamOf('id', protectionCheckId) id: string, @ParamOf('ownerId', protectionOwnerId) ownerId: string, @Res() res: Response): Promise<void> {
    res.type('text/html').send(await this.protection.notice(id, ownerId));
  }
}
