import { Module } from '@nestjs/common';
import { ZoningModule } from '../zoning/zoning.module';
import { OverlapCheckService } from './overlap-check.service';
import { RouteSharingController } from './route-sharing.controller';
import { RouteSharingRepository } from './route-sharing.repository';

/** No new duct or pole line along an existing route without approval: overlap checks of proposed routes. */
@Module({ imports: [ZoningModule], controllers: [RouteSharingController], providers: [RouteSharingRepository, OverlapCheckService] })
export class RouteSharingModule {}
