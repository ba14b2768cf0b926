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

/**
 * Real worker processes (the compiled `node backend/dist/backend/src/worker.js`, as `npm start` runs it), for
 * suites whose jobs are CPU-heavy: Jest's module sandbox slows hot numeric loops several times over.
 */
export async function givenWorkerProcesses(count: number): Promise<{ stop: () => Promise<void> }> {
  const { spawn } = await import('node:child_process');
  const path = await import('node:path');
  const fs = await import('node:fs');
  const script = path.resolve(__dirname, '../../dist/backend/src/worker.js');
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: build the backend first (npm test does)`);
  const children = Array.from({ length: count }, () => spawn(process.execPath, [script], { env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }, stdio: ['ignore', 'inherit', 'inherit'] }));
  return {
    stop: () =>
      Promise.all(
        children.map((c) => (c.exitCode !== null ? null : new Promise((resolve) => {
          c.once('exit', resolve);
          c.kill('SIGTERM');
        }))),
      ).then(() => undefined),
  };
}
