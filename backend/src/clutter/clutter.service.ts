import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { SignedInUser } from '../auth/roles';
import { ApiError } from '../common/errors';
import { parseOrThrow } from '../common/zod';
import type { ClutterClass } from '../coverage/propagation/clutter';
import { ImportClutterPayload, JobName, QueueName } from '../jobs/queues';
import { asClutterFileError, openClutterRaster, readClutterCodes } from './clutter-raster';
import { ClutterCounts, ClutterRepository } from './clutter.repository';
import type { RecomputeNote } from './coverage-recompute';
import * as sql from './clutter.sql';

export const clutterImportQuery = z.object({
  // optional: a multipart upload names its file itself
  fileName: z.string().min(1, 'must not be empty').max(255, 'is longer than 255 characters').optional(),
  // a GeoTIFF whose keys name no EPSG code (or the wrong one)
  crs: z
    .string()
    .regex(/^(EPSG:)?\d{4,5}$/i, 'must be an EPSG code, e.g. EPSG:4326')
    .transform((s) => Number(s.replace(/^EPSG:/i, '')))
    .optional(),
});

/** The file as it came: the raw body (Content-Type anything but multipart) or a multipart part named `file`. */
export interface ClutterUpload {
  bytes: unknown;
  fileName?: string;
}

export interface ClutterImportReport {
  crs: number;
  pixels: number;
  nodataPixels: number;
  /** Pixels with a class whose centre fell in a cell of the city grid. */
  pixelsInGrid: number;
  /** Grid cells the file classed (their earlier class replaced). */
  cells: number;
  /** Of those, cells holding no pixel centre, classed by the pixel under their centre (a coarse raster). */
  cellsFromCentrePixel: number;
  byClass: Partial<Record<ClutterClass, number>>;
  /** Cells that had a class before, by where it came from. */
  replaced: Record<string, number>;
  recompute?: RecomputeNote;
}

export interface ClutterImportView {
  id: string;
  fileName: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  progress: number;
  crs: number | null;
  report: ClutterImportReport | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

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
  async submit(query: unknown, upload: ClutterUpload, uploader: SignedInUser): Promise<ClutterImportView> {
    const p = parseOrThrow(clutterImportQuery, query);
    const body = upload.bytes;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw ApiError.invalid([{ field: 'file', problem: 'send the classified GeoTIFF as a multipart part named "file", or as the request body (Content-Type: image/tiff or application/octet-stream)' }]);
    }
    const fileName = p.fileName ?? upload.fileName ?? 'clutter.tif';
    try {
      const frame = await openClutterRaster(body, p.crs);
      await readClutterCodes(frame);
      if (!(await ClutterRepository.touchesCity(this.db, frame.footprint))) {
        const f = frame.footprint;
        const round = (v: number) => Math.round(v * 1e5) / 1e5;
        throw ApiError.invalid([{ field: 'file', problem: `covers ${round(f.west)}…${round(f.east)}° E, ${round(f.south)}…${round(f.north)}° N, which does not overlap the city grid (the central districts)` }]);
      }
      const [row] = await this.db.query(sql.INSERT_IMPORT, [fileName, body, frame.header.epsg, uploader.id]);
      await this.queue.add(JobName.ImportClutter, { importId: row.id }, { jobId: `clutter-${row.id}` });
      return this.get(row.id);
    } catch (e) {
      const f = asClutterFileError(e);
      if (f) throw ApiError.invalid([{ field: f.field, problem: f.problem }]);
      throw e;
    }
  }

  async get(id: string): Promise<ClutterImportView> {
    parseOrThrow(z.uuid({ error: 'must be a clutter import id (UUID)' }), id, 'id');
    const [row] = await this.db.query(sql.GET_IMPORT, [id]);
    if (!row) throw ApiError.notFound(`clutter import ${id}`);
    return row;
  }

  counts(): Promise<ClutterCounts> {
    return ClutterRepository.counts(this.db);
  }

  async fail(importId: string, message: string): Promise<void> {
    await this.db.query(sql.FAIL_IMPORT, [importId, message]);
  }
}
