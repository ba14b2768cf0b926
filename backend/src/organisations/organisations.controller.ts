import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { organisationList, type Organisation } from '@cosite/contracts';
import { Returns } from '../common/dto';
import { OrganisationEntity } from './organisation.entity';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(@InjectRepository(OrganisationEntity) private readonly organisations: Repository<OrganisationEntity>) {}

  /** Operators, the tower company, the regulator, the planning bureau and municipal owners of street furniture. */
  @Get()
  @ApiOperation({ summary: 'The organisations: operators, the tower company, the regulator, the planning bureau, municipal owners' })
  @Returns(organisationList)
  async list(): Promise<Organisation[]> {
    const rows = await this.organisations.find({ order: { kind: 'ASC', id: 'ASC' } });
    return rows.map((o) => ({ id: o.id, kind: o.kind as Organisation['kind'], nameZh: o.nameZh, nameEn: o.nameEn }));
  }
}
