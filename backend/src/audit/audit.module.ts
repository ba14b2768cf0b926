import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** The audit trail: written by each domain with recordAudit (in its own transaction), read here. */
@Module({ controllers: [AuditController] })
export class AuditModule {}
