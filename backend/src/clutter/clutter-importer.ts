import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cellToParent } from 'h3-js';
import { CITY_GRID, COVERAGE_RECOMPUTE, type CityGridSource, type CoverageRecomputeTrigger } from '../common/coverage-hooks';
import { h3ToBigint, POPULATION_CELL_AREA_KM2, POPULATION_RESOLUTION } from '../radio/universe';
import type { ClutterClass } from '../radio/propagation/clutter';
import { asClutterFileError, ClutterFileError, coverOfCells, openClutterRaster, readClutterCodes } from './clutter-raster';
import { ClutterRepository } from './clutter.repository';
import type { ClutterImportReport } from './clutter.service';
import { classOfGroup, NO_GROUP } from './worldcover';

/**
 * The worker's part of a clutter import: reads the stored file, classes the city grid's cells it covers, writes
 * them and the report in one transaction (a file that fails part-way changes nothing), then asks for a coverage
 * recompute.
 */
@Injectable()
export class ClutterImporter {
  private readonly log = new Logger(ClutterImporter.name);

  constructor(
    private readonly db: DataSource,
    @Inject(CITY_GRID) private readonly coverage: CityGridSource,
    @Inject(COVERAGE_RECOMPUTE) private readonly recompute: CoverageRecomputeTrigger,
  ) {}

  async run(importId: string): Promise<'done' | 'already-done'> {
    const claimed = await ClutterRepository.claimImport(this.db, importId);
    if (!claimed) return 'already-done';
    const progress = (f: number) => ClutterRepository.setProgress(this.db, importId, Math.min(0.95, f)).catch(() => undefined);
    let committedAt: string | null = null;
    try {
      const upload = await ClutterRepository.upload(this.db, importId);
      if (!upload) throw new Error('the uploaded file is no longer stored; upload it again');
      const frame = await openClutterRaster(upload, claimed.crs ?? undefined);
      const codes = await readClutterCodes(frame);
      await progress(0.1);
      const { u } = await this.coverage.grid();
      let lastSaved = 0;
      const cover = coverOfCells(frame, codes, u, (f) => {
        // progress saved every tenth of the way, not per row
        if (f - lastSaved >= 0.1) {
          lastSaved = f;
          void progress(0.1 + 0.7 * f);
        }
      });
      const covered: number[] = [];
      for (let i = 0; i < cover.groups.length; i++) if (cover.groups[i] !== NO_GROUP) covered.push(i);
      if (!covered.length)
        throw new ClutterFileError(
          'file',
          "no cell of the city grid lies under a classed pixel (the file is nodata there, or only touches the districts' edges)",
        );
      // built-up land is split by the residents per km² of the cell's resolution-9 population cell
      const parents = covered.map((i) => h3ToBigint(cellToParent(u.h3[i], POPULATION_RESOLUTION)));
      const population = await ClutterRepository.population(this.db, [...new Set(parents)]);
      const h3: string[] = [];
      const classes: ClutterClass[] = [];
      const byClass: Partial<Record<ClutterClass, number>> = {};
      covered.forEach((i, k) => {
        const c = classOfGroup(cover.groups[i], (population.get(parents[k]) ?? 0) / POPULATION_CELL_AREA_KM2);
        h3.push(h3ToBigint(u.h3[i]));
        classes.push(c);
        byClass[c] = (byClass[c] ?? 0) + 1;
      });
      await progress(0.9);
      await this.db.transaction(async (m) => {
        if (!(await ClutterRepository.stillHeld(m, importId))) return; // another attempt finished it meanwhile
        const { written, replaced } = await ClutterRepository.writeImported(m, importId, h3, classes);
        const report: ClutterImportReport = {
          crs: frame.header.epsg,
          pixels: frame.width * frame.height,
          nodataPixels: cover.nodataPixels,
          pixelsInGrid: cover.pixelsInGrid,
          cells: written,
          cellsFromCentrePixel: cover.cellsFromCentrePixel,
          byClass,
          replaced,
        };
        committedAt = await ClutterRepository.completeImport(m, importId, report);
        this.log.log({ importId, cells: written, replaced }, 'clutter imported');
      });
    } catch (err) {
      const f = asClutterFileError(err);
      if (f) {
        await this.fail(importId, `${f.field}: ${f.problem}`);
        return 'done';
      }
      throw err;
    }
    if (committedAt) {
      const note = await this.recompute.afterImport('clutter import', committedAt);
      await ClutterRepository.noteRecompute(this.db, importId, note);
    }
    return 'done';
  }

  async fail(importId: string, message: string): Promise<void> {
    await ClutterRepository.failImport(this.db, importId, message);
  }
}
