import { Module } from '@nestjs/common';
import { ZoningModule } from '../zoning/zoning.module';
import { ProtectionController } from './protection.controller';
import { ProtectionRepository } from './protection.repository';
import { ProtectionService } from './protection.service';

/** Facility-protection zones (kept by the database from facilities and width rules) and works checks against them. */
@Module({ imports: [ZoningModule], controllers: [ProtectionController], providers: [ProtectionRepository, ProtectionService] })
export class ProtectionModule {}
