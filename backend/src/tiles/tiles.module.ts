import { Module } from '@nestjs/common';
import { TilesController } from './tiles.controller';
import { TilesRepository } from './tiles.repository';
import { TilesService } from './tiles.service';

@Module({ controllers: [TilesController], providers: [TilesService, TilesRepository], exports: [TilesService] })
export class TilesModule {}
