import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationEntity } from './organisation.entity';
import { OrganisationsController } from './organisations.controller';

@Module({ imports: [TypeOrmModule.forFeature([OrganisationEntity])], controllers: [OrganisationsController] })
export class OrganisationsModule {}
