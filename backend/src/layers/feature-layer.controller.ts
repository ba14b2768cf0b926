import { Controller, Delete, Get, HttpCode, Inject, Patch, Post, Req, Res, Type } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import {
  layerCreateBody,
  layerExportQuery,
  layerFeature,
  layerFeatureCollection,
  layerListQuery,
  layerPatchBody,
  numericId,
  type LayerFeature,
  type LayerFeatureCollection,
  type LayerFeatureContent,
  type LayerPatch,
  type ExportFormat,
} from '@cosite/contracts';
import { clientOf } from '../audit/audit-trail';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { BodyOf, Fails, ParamOf, QueryOf, Returns, ReturnsFile } from '../common/dto';
import { sendExport } from '../exports/send-export';
import { layerExportColumns } from './layer-export';
import { Actor, FeatureStore } from './feature-store';
import { LayerSpec } from './layer-spec';

/** The export query a layer's export endpoint parsed (contracts: layerExportQuery). */
type ParsedExportQuery = { format: ExportFormat; bbox?: [number, number, number, number] } & Record<string, unknown>;

/** The list query a layer's list endpoint parsed (contracts: layerListQuery). */
type ParsedListQuery = { limit: number; offset: number; bbox?: [number, number, number, number] } & Record<string, unknown>;

/**
 * The REST surface every GeoJSON layer shares (list with bbox/filters/paging, get, create, patch, delete),
 * built from the layer's spec so the layers cannot drift apart in behaviour. Each operation is declared from the
 * layer's contract: the body, query and id are parsed at the edge and documented from the same schemas.
 */
export function featureLayerController(spec: LayerSpec, tag: string): Type<unknown> {
  const types = spec.geometry?.types ?? null;
  // a tenancy borrows its structure's point
  const feature = layerFeature(types ?? ['Point'], spec.featureProperties);
  const collection = layerFeatureCollection(feature);
  // the page size's bound is the deployment's (LIST_MAX_LIMIT), known once the controller is built with the config
  let maxLimit = 1000;
  const listQuery = layerListQuery(spec.filters, () => maxLimit);
  const exportQuery = layerExportQuery(spec.filters);
  // a layer of points exports lon/lat columns in its tables; any other geometry WKT
  const isPoints = (types ?? ['Point']).every((t) => t === 'Point');
  const id = numericId.meta({ description: `a ${spec.label} id` });

  @ApiTags(tag)
  @Controller(spec.name)
  class FeatureLayerController {
    readonly store: FeatureStore;

    constructor(
      db: DataSource,
      @Inject(APP_CONFIG) readonly config: AppConfig,
    ) {
      this.store = new FeatureStore(db, spec);
      maxLimit = config.api.listMaxLimit;
    }

    @Get()
    @ApiOperation({ summary: `List ${spec.name} as a GeoJSON FeatureCollection` })
    @Returns(collection)
    @Fails('validation_failed')
    list(@QueryOf(listQuery) q: ParsedListQuery): Promise<LayerFeatureCollection> {
      const filters = Object.fromEntries(spec.filters.flatMap((f) => (q[f.param] === undefined ? [] : [[f.param, q[f.param] as string[]]])));
      return this.store.list({ bbox: q.bbox, limit: q.limit, offset: q.offset, filters });
    }

    @Get('export')
    @ApiOperation({
      summary: `Every ${spec.label} the bbox and filters match, streamed as a file: GeoJSON, CSV, XLSX, KML or a zipped Shapefile (?format)`,
    })
    @ReturnsFile('application/octet-stream', 'the file (Content-Disposition: attachment)')
    @Fails('validation_failed')
    async export(@QueryOf(exportQuery) q: ParsedExportQuery, @Res() res: Response): Promise<void> {
      const filters = Object.fromEntries(spec.filters.flatMap((f) => (q[f.param] === undefined ? [] : [[f.param, q[f.param] as string[]]])));
      const { columns, types } = layerExportColumns(spec);
      await sendExport(
        res,
        q.format,
        spec.name,
        { name: spec.name, columns, features: this.store.stream({ bbox: q.bbox, filters }) },
        { points: isPoints, types },
      );
    }

    @Get(':id')
    @ApiOperation({ summary: `One ${spec.label} as a GeoJSON Feature` })
    @Returns(feature)
    @Fails('not_found')
    get(@ParamOf('id', id) id: string): Promise<LayerFeature> {
      return this.store.get(id);
    }

    @Post()
    @ApiOperation({ summary: `Create a ${spec.label} from a GeoJSON Feature` })
    @Returns(feature, { status: 201 })
    @Fails('validation_failed', 'ownership_refused', 'conflict')
    create(@BodyOf(layerCreateBody(types, spec.properties)) body: LayerFeatureContent, @Req() req: AuthenticatedRequest): Promise<LayerFeature> {
      return this.store.create(body, actorOf(req));
    }

    // a bad body is reported before a bad id, as it always was (Nest resolves the later parameter first)
    @Patch(':id')
    @ApiOperation({ summary: `Change some properties (and/or the geometry) of a ${spec.label}` })
    @Returns(feature)
    @Fails('validation_failed', 'ownership_refused', 'not_found', 'conflict')
    update(
      @ParamOf('id', id) id: string,
      @BodyOf(layerPatchBody(types, spec.properties)) body: LayerPatch,
      @Req() req: AuthenticatedRequest,
    ): Promise<LayerFeature> {
      return this.store.update(id, body, actorOf(req));
    }

    @Delete(':id')
    @HttpCode(204)
    @ApiOperation({ summary: spec.retire ? `Retire a ${spec.label} (it stays, with its history, out of force)` : `Delete a ${spec.label}` })
    @Returns(null)
    @Fails('ownership_refused', 'not_found', ...(spec.retire ? (['already_retired'] as const) : (['still_referenced'] as const)))
    async remove(@ParamOf('id', id) id: string, @Req() req: AuthenticatedRequest): Promise<void> {
      await this.store.remove(id, actorOf(req));
    }
  }
  Object.defineProperty(FeatureLayerController, 'name', { value: `${toPascal(spec.name)}Controller` });
  return FeatureLayerController;
}

/** Writes are held to the writer's organisation and audited (the guard has put the user on every such request). */
const actorOf = (req: AuthenticatedRequest): Actor => ({ user: req.user!, client: clientOf(req) });

function toPascal(s: string): string {
  return s.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
