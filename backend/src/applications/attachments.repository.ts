import { Injectable } from '@nestjs/common';
import type { AttachmentItem, AttachmentKind } from '@cosite/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import * as sql from './attachments.sql';

export interface NewAttachment {
  applicationId: string;
  kind: AttachmentKind;
  filename: string;
  contentType: string;
  sha256: string;
  content: Buffer;
  uploadedBy: number;
}

/** The one reader and writer of application attachments (kept in PostgreSQL, beside the application). */
@Injectable()
export class AttachmentsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(em: EntityManager, a: NewAttachment): Promise<AttachmentItem> {
    const [row] = await em.query(sql.INSERT_ATTACHMENT, [
      a.applicationId,
      a.kind,
      a.filename,
      a.contentType,
      a.content.length,
      a.sha256,
      a.content,
      a.uploadedBy,
    ]);
    return row;
  }

  list(applicationId: string): Promise<AttachmentItem[]> {
    return this.db.query(sql.LIST_ATTACHMENTS, [applicationId]);
  }

  async get(applicationId: string, id: number): Promise<(AttachmentItem & { content: Buffer }) | undefined> {
    const [row] = await this.db.query(sql.GET_ATTACHMENT, [applicationId, id]);
    return row;
  }
}
