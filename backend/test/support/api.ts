import 'reflect-metadata';
import request from 'supertest';
import { NestExpressApplication } from '@nestjs/platform-express';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApi, createWorker } from '../../src/bootstrap';

/** The real API (real PostGIS, real Redis) mounted in-process for supertest. */
export async function givenTheApi(): Promise<{ app: NestExpressApplication; http: ReturnType<typeof request>; db: DataSource; close: () => Promise<void> }> {
  const app = await createApi();
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    http: request(server) as unknown as ReturnType<typeof request>,
    db: app.get(DataSource),
    close: () => app.close(),
  };
}

/** A BullMQ worker process's modules, in-process. */
export async function givenAWorker(): Promise<INestApplicationContext> {
  return createWorker();
}

export const JIEFANGBEI: [number, number] = [106.577, 29.5575];

/** A unique code so tests never collide with the sample data or each other. */
export function uniqueCode(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
}

export function aStructure(overrides: Record<string, unknown> = {}, coordinates: [number, number] = JIEFANGBEI) {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates },
    properties: {
      code: uniqueCode('TST'),
      name: 'Test monopole',
      kind: 'monopole',
      ownerId: 'china-tower',
      heightM: 30,
      slotsTotal: 3,
      loadCapacityKg: 800,
      buildForm: 'standalone',
      status: 'built',
      ...overrides,
    },
  };
}

export function aTenancy(structureId: string | number, overrides: Record<string, unknown> = {}) {
  return {
    type: 'Feature',
    geometry: null,
    properties: {
      structureId: Number(structureId),
      operatorId: 'china-mobile',
      technology: '5G',
      bandMhz: 2600,
      antennaHeightM: 28,
      azimuthDeg: 30,
      sectorCount: 3,
      eirpDbm: 75,
      slotsUsed: 1,
      loadKg: 120,
      ...overrides,
    },
  };
}
