import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { SignedInUser } from '../auth/roles';
import { ApiError } from '../common/errors';
import type { ClutterImport, ClutterImportQuery, ClutterImportReport } from '@cosite/contracts';
import { ImportClutterPayload, JobName, QueueName } from '../jobs/queues';
import { asClutterFileError, openClutterRaster, readClutterCodes } from './clutter-raster';
import { ClutterCounts, ClutterRepository } from './clutter.repository';

/** The file as it came: the raw body (Content-Type anything but multipart) or a multipart part named `file`. */
export interface ClutterUpload {
  bytes: Buffer | undefined;
  fileName?: string;
}

export type ClutterImportView = ClutterImport;
export type { ClutterImportReport };

@Injectable()
export class ClutterService {
  constructor(
    private readonly db: DataSource,
    @InjectQueue(QueueName.Clutter) private readonly queue: Queue<ImportClutterPayload>,
  ) {}

  /**
   * Checks the whole file before storing it (one integer band, a known CRS, only WorldCover codes, over the city
   * grid), so every problem with the file is a 400 here; the worker then assigns the cells.
   */
  async submit(p: ClutterImportQuery, upload: ClutterUpload, uploader: SignedInUser): Promise<ClutterImportView> {
    const body = upload.bytes;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw ApiError.invalid([
        {
          field: 'file',
          problem:
            'send the classified GeoTIFF as a multipart part named "file", or as the request body (Content-Type: image/tiff or application/octet-stream)',
        },
      ]);
    }
    const fileName = p.fileName ?? upload.fileName ?? 'clutter.tif';
    try {
      const frame = await openClutterRaster(body, p.crs);
      await readClutterCodes(frame);
      if (!(await ClutterRepository.touchesCity(this.db, frame.footprint))) {
        const f = frame.footprint;
        const round = (v: number) => Math.round(v * 1e5) / 1e5;
        throw ApiError.of(
          'outside_city_grid',
          'file',
          `covers ${round(f.west)}…${round(f.east)}° E, ${round(f.south)}…${round(f.north)}° N, which does not overlap the city grid (the central districts)`,
        );
      }
      const id = await ClutterRepository.insertImport(this.db, fileName, body, frame.header.epsg, uploader.id);
      await this.queue.add(JobName.ImportClutter, { importId: id }, { jobId: `clutter-${id}` });
      return this.get(id);
    } catch (e) {
      const f = asClutterFileError(e);
      if (f) throw ApiError.invalid([{ field: f.field, problem: f.problem }]);
      throw e;
    }
  }

  async get(id: string): Promise<ClutterImportView> {
    const row = await ClutterRepository.getImport(this.db, id);
    if (!row) throw ApiError.notFound(`clutter import ${id}`);
    return row;
  }

  counts(): Promise<ClutterCounts> {
    return ClutterRepository.counts(this.db);
  }

  async fail(importId: string, message: string): Promise<void> {
    await ClutterRepository.failImport(this.db, importId, message);
  }
}
