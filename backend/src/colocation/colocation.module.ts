import { Module } from '@nestjs/common';
import { ColocationController } from './colocation.controller';
import { ColocationService } from './colocation.service';
import { DemandBatchesService } from './demand-batches.service';

/** Share before build: one demand at a time (batches, co-build and the planner panel come next). */
@Module({ controllers: [ColocationController], providers: [ColocationService, DemandBatchesService], exports: [ColocationService, DemandBatchesService] })
export class ColocationModule {}
