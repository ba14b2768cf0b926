import { Module } from '@nestjs/common';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { MappingProfilesService } from './mapping-profiles.service';

@Module({ controllers: [ImportsController], providers: [ImportsService, MappingProfilesService], exports: [ImportsService] })
export class ImportsModule {}
