import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';

/** The audit trail: written by each domain with recordAudit (in its own transaction), read here. */
@Module({ controllers: [AuditController], providers: [AuditRepository] })
export class AuditModule {}
