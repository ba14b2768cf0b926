import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(@InjectRepository(OrganisationEntity) private readonly organisations: Repository<OrganisationEntity>) {}

  /** Operators, the tower company, the regulator, the planning bureau and municipal owners of street furniture. */
  @Get()
  async list() {
    const rows = await this.organisations.find({ order: { kind: 'ASC', id: 'ASC' } });
    return rows.map((o) => ({ id: o.id, kind: o.kind, nameZh: o.nameZh, nameEn: o.nameEn }));
  }
}
