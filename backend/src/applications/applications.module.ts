import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { ApplicationsController } from './applications.controller';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';

/** Applications, their workflow and audit trail, and the notifications they send; an approval writes the inventory through its writer. */
@Module({
  imports: [InventoryModule],
  controllers: [ApplicationsController],
  providers: [ApplicationsService, ApplicationsRepository, AttachmentsService, AttachmentsRepository],
  exports: [ApplicationsService],
})
export class ApplicationsModule {}
