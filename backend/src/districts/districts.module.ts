import { Module } from '@nestjs/common';
import { DistrictsController } from './districts.controller';
import { DistrictsRepository } from './districts.repository';

@Module({ controllers: [DistrictsController], providers: [DistrictsRepository] })
export class DistrictsModule {}
