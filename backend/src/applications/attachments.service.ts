import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { AttachmentItem, AttachmentList, AttachmentUploadQuery } from '@cosite/contracts';
import { DataSource } from 'typeorm';
import { type Client, recordAudit } from '../audit/audit-trail';
import type { SignedInUser } from '../auth/roles';
import { ApiError } from '../common/errors';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ApplicationsRepository, type VisibleApplication } from './applications.repository';
import { AttachmentsRepository } from './attachments.repository';
import { FINAL_STATES } from './workflow';

/**
 * What a file must look like for its Content-Type: its first bytes (a file named .pdf that is not one is refused,
 * so what a party downloads is what it says). Drawings (DWG, DXF) come as application/octet-stream, known by name.
 */
const ACCEPTED: Record<string, { magic?: number[][]; extensions?: string[]; what: string }> = {
  'application/pdf': { magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]], what: 'a PDF' },
  'image/png': { magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]], what: 'a PNG image' },
  'image/jpeg': { magic: [[0xff, 0xd8, 0xff]], what: 'a JPEG image' },
  'application/octet-stream': { extensions: ['.dwg', '.dxf'], what: 'a DWG or DXF drawing' },
};

/**
 * A file name safe to store and to send back in Content-Disposition: the last path segment only, no control or
 * reserved characters, no leading dots, at most 200 characters (the extension kept).
 */
export function sanitiseFilename(raw: string): string {
  const last = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f"*:<>?|]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  const chars = [...cleaned];
  if (chars.length <= 200) return cleaned;
  const ext = path.extname(cleaned).slice(0, 20);
  return chars.slice(0, 200 - [...ext].length).join('') + ext;
}

/** Documents filed with an application (drawings, the landowner's consent, the EMF report), kept in the database. */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly db: DataSource,
    private readonly applications: ApplicationsRepository,
    private readonly repo: AttachmentsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The application, for a party to it (its organisation's planners, the regulator, the bureau once it reviews it,
   * administrators); anyone else is refused (403), and a missing one is 404.
   */
  private async forParty(id: string, user: SignedInUser): Promise<VisibleApplication> {
    const a = await this.applications.getVisible(user, id);
    if (a) return a;
    if (await this.applications.exists(id)) throw ApiError.forbidden('only the parties to an application see its files');
    throw ApiError.notFound(`application ${id}`);
  }

  async upload(
    id: string,
    q: AttachmentUploadQuery,
    contentType: string | undefined,
    body: Buffer | undefined,
    user: SignedInUser,
    client: Client,
  ): Promise<AttachmentItem> {
    const a = await this.forParty(id, user);
    // the applicant files its documents; the regulator may add its own (a site visit's photographs)
    const applicant = user.role === 'planner' && user.organisationId === a.organisationId;
    if (!applicant && user.role !== 'regulator') throw ApiError.forbidden("only the applicant's planners and the regulator attach files");
    if (FINAL_STATES.includes(a.state)) throw ApiError.of('attachment_not_allowed', 'state', `an application in ${a.state} takes no more files`);
    const filename = sanitiseFilename(q.filename);
    if (!filename) throw ApiError.invalid([{ field: 'filename', problem: 'has no usable characters' }]);
    if (!body?.length) throw ApiError.invalid([{ field: 'body', problem: 'is empty: send the file itself as the request body' }]);
    if (body.length > this.config.applications.attachmentMaxBytes)
      throw ApiError.of('payload_too_large', 'body', `the file is larger than the limit of ${this.config.applications.attachmentMaxBytes} bytes`);
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const accepted = ACCEPTED[type];
    if (!accepted)
      throw ApiError.of(
        'unsupported_media_type',
        'Content-Type',
        `${type || 'none'} is not accepted: send ${Object.keys(ACCEPTED).join(', ')} (DWG/DXF drawings)`,
      );
    if (accepted.extensions && !accepted.extensions.includes(path.extname(filename).toLowerCase()))
      throw ApiError.of(
        'unsupported_media_type',
        'Content-Type',
        `${type} is accepted for ${accepted.what} only (a ${accepted.extensions.join(' or ')} file name)`,
      );
    if (accepted.magic && !accepted.magic.some((m) => m.every((b, k) => body[k] === b)))
      throw ApiError.of('unsupported_media_type', 'Content-Type', `the file is not ${accepted.what}, as ${type} says`);
    const sha256 = createHash('sha256').update(body).digest('hex');
    return this.db.transaction(async (em) => {
      const item = await this.repo.insert(em, { applicationId: id, kind: q.kind, filename, contentType: type, sha256, content: body, uploadedBy: user.id });
      await recordAudit(em, user, {
        entity: 'application',
        entityId: id,
        action: 'attachment_added',
        before: null,
        after: { attachmentId: item.id, kind: item.kind, filename, contentType: type, sizeBytes: item.sizeBytes, sha256 },
        client,
      });
      return item;
    });
  }

  async list(id: string, user: SignedInUser): Promise<AttachmentList> {
    await this.forParty(id, user);
    return { attachments: await this.repo.list(id) };
  }

  async download(id: string, attachmentId: number, user: SignedInUser): Promise<AttachmentItem & { content: Buffer }> {
    await this.forParty(id, user);
    const file = await this.repo.get(id, attachmentId);
    if (!file) throw ApiError.notFound(`attachment ${attachmentId} of application ${id}`);
    return file;
  }
}

/** Content-Disposition for a download: an ASCII fallback name and the real one in RFC 5987 form (filename*). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
