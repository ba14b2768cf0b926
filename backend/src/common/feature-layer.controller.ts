import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Req, Type } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { clientOf } from '../audit/audit-trail';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { ApiError } from './errors';
import { Actor, Feature, FeatureCollection, FeatureStore, featureBody, listQueryParams, parseListQuery } from './feature-store';
import { QueryParams } from './request-edge';
import { LayerSpec } from './layer-spec';
import { parseOrThrow } from './zod';

const idParam = z.string().regex(/^\d{1,18}$/, 'must be a numeric id');

/**
 * The REST surface every GeoJSON layer shares (list with bbox/filters/paging, get, create, patch, delete),
 * built from the layer's spec so five layers cannot drift apart in behaviour.
 */
export function featureLayerController(spec: LayerSpec, tag: string): Type<unknown> {
  const propertiesSchema = z.toJSONSchema(spec.properties, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const featureSchema = {
    type: 'object',
    required: spec.geometry ? ['geometry', 'properties'] : ['properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      geometry: spec.geometry ? { type: 'object', description: `GeoJSON ${spec.geometry.types.join(' or ')} in WGS84 [longitude, latitude]` } : { description: 'ignored: taken from the structure' },
      properties: propertiesSchema,
    },
  };

  @ApiTags(tag)
  @Controller(spec.name)
  class FeatureLayerController {
    readonly store: FeatureStore;

    constructor(db: DataSource, @Inject(APP_CONFIG) readonly config: AppConfig) {
      this.store = new FeatureStore(db, spec);
    }

    @Get()
    @ApiOperation({ summary: `List ${spec.name} as a GeoJSON FeatureCollection` })
    @ApiQuery({ name: 'bbox', required: false, description: 'minLon,minLat,maxLon,maxLat (WGS84)' })
    @ApiQuery({ name: 'limit', required: false, description: 'page size (default 100)' })
    @ApiQuery({ name: 'offset', required: false })
    @QueryParams(listQueryParams(spec))
    list(@Query() query: Record<string, unknown>): Promise<FeatureCollection> {
      return this.store.list(parseListQuery(spec, query, this.config.api.listMaxLimit));
    }

    @Get(':id')
    @ApiParam({ name: 'id' })
    @ApiOkResponse({ description: 'a GeoJSON Feature' })
    get(@Param('id') id: string): Promise<Feature> {
      return this.store.get(parseOrThrow(idParam, id, 'id'));
    }

    @Post()
    @ApiOperation({ summary: `Create a ${spec.label} from a GeoJSON Feature` })
    @ApiBody({ schema: featureSchema })
    create(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<Feature> {
      return this.store.create(parseOrThrow(featureBody, body ?? {}), actorOf(req));
    }

    @Patch(':id')
    @ApiOperation({ summary: `Change some properties (and/or the geometry) of a ${spec.label}` })
    @ApiBody({ schema: { ...featureSchema, required: [] } })
    update(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<Feature> {
      const b = parseOrThrow(featureBody, body ?? {});
      if (b.properties === undefined && b.geometry === undefined) throw ApiError.invalid([{ field: 'body', problem: 'nothing to change: send properties and/or geometry' }]);
      return this.store.update(parseOrThrow(idParam, id, 'id'), b, actorOf(req));
    }

    @Delete(':id')
    @HttpCode(204)
    async remove(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<void> {
      await this.store.remove(parseOrThrow(idParam, id, 'id'), actorOf(req));
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
