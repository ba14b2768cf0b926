import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { documentAccess } from './auth/openapi-access';
import { documentEdge } from './common/dto';
import { Logger } from 'nestjs-pino';
import express from 'express';
import helmet from 'helmet';
import cookieParser from 'cookie-parser';
import { AppModule } from './app.module';
import { WorkerModule } from './worker.module';
import { APP_CONFIG } from './config/config.module';
import type { AppConfig } from './config/config';
import { ApiError, ApiErrorFilter } from './common/errors';
import { SessionsService } from './auth/sessions.service';
import { sessionTokenOf } from './auth/auth.guard';
import { bodyParserErrors, checkRequestBody, RequestEdgeInterceptor } from './common/request-edge';
import { clutterUploadParser } from './clutter/clutter-upload';

export const API_PREFIX = 'api/v1';

/** Builds the HTTP application (used by main.ts and by the integration tests). */
export async function createApi(): Promise<NestExpressApplication> {
  // Framework start-up chatter (every mapped route) stays out of the logs; warnings and errors do not.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error', 'warn'], bodyParser: false });
  const config = app.get<AppConfig>(APP_CONFIG);
  app.set('trust proxy', config.http.trustProxy);

  app.use(cookieParser());
  // An upload is read only for a live session: an anonymous client must not make the API buffer (or inflate) a
  // 64 MB body before the guard refuses it. Which roles may upload is still the guard's business.
  const sessions = app.get(SessionsService);
  app.use(
    ['imports', 'terrain/imports', 'clutter/imports', 'colocation/batches', 'applications/:id/attachments'].map((r) => `/${API_PREFIX}/${r}`),
    (req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (req.method !== 'POST') return next();
      // answered here and the connection closed: an error passed on would wait for the whole body to arrive first
      const refuse = () => {
        const e = ApiError.unauthenticated();
        res.set('Connection', 'close').status(e.status).json(e.body);
      };
      const { token } = sessionTokenOf(req);
      if (!token) return refuse();
      sessions.resolve(token).then((s) => (s ? next() : refuse()), next);
    },
  );

  // Uploads (imports, demand batches) take the file as the raw body (larger limit); everything else is JSON with a tight limit.
  // zipped Shapefiles and workbooks come as binary; every other import format as text; mapping profiles are JSON
  app.use(`/${API_PREFIX}/imports/profiles`, express.json({ limit: config.http.bodyLimitBytes }));
  app.use(
    `/${API_PREFIX}/imports`,
    express.raw({
      type: [
        'application/zip',
        'application/x-zip-compressed',
        'application/octet-stream',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ],
      limit: config.imports.maxBytes,
    }),
  );
  // a DEM (.hgt, zip, GeoTIFF) is binary whatever its Content-Type says
  app.use(`/${API_PREFIX}/terrain/imports`, express.raw({ type: () => true, limit: config.imports.maxBytes }));
  // a classified land-cover GeoTIFF: a multipart part named `file`, or the raw body like a DEM
  app.use(`/${API_PREFIX}/clutter/imports`, clutterUploadParser(config.imports.maxBytes));
  // a file attached to an application is kept as the bytes received, whatever its type (the service checks it)
  app.use(`/${API_PREFIX}/applications/:id/attachments`, express.raw({ type: () => true, limit: config.applications.attachmentMaxBytes }));
  app.use(`/${API_PREFIX}/imports`, express.text({ type: () => true, limit: config.imports.maxBytes }));
  // demand batches are parsed in the API (20,000 lines at most): a tighter limit keeps that parse short
  app.use(`/${API_PREFIX}/colocation/batches`, express.text({ type: () => true, limit: config.imports.maxBatchBytes }));
  app.use(express.json({ limit: config.http.bodyLimitBytes, type: ['application/json', 'application/geo+json', 'application/*+json'] }));
  // every parsed JSON body checked once here (depth, unstorable text); a body no parser took is a 415
  app.use(checkRequestBody);
  app.use(bodyParserErrors);

  // Security headers; the map needs blob: workers and images, and MapLibre sets inline styles.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          workerSrc: ["'self'", 'blob:'],
          childSrc: ["'self'", 'blob:'],
          imgSrc: ["'self'", 'data:', 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          connectSrc: ["'self'"],
          fontSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      // HSTS only where TLS is terminated in front of us (production)
      strictTransportSecurity: process.env.NODE_ENV === 'production',
    }),
  );
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'tiles/{*path}', method: RequestMethod.GET }] });
  app.useGlobalFilters(new ApiErrorFilter());
  app.useGlobalInterceptors(new RequestEdgeInterceptor());
  app.enableShutdownHooks();

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('Cosite API')
      .setDescription('Shared telecom infrastructure planning: inventory, zoning overlays, key sites. GeoJSON in WGS84 [longitude, latitude].')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'a session token from POST /api/v1/auth/sign-in' }, 'bearer')
      .addCookieAuth('cosite_session', { type: 'apiKey', in: 'cookie', description: 'the browser session; changes also need X-CSRF-Token' }, 'cookie')
      .build(),
  );
  documentAccess(doc);
  documentEdge(doc);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs/openapi.json' });

  serveFrontend(app, config.http.frontendDist);
  // Routes are mapped during init (everything above must be registered by then); pino takes over after it.
  await app.init();
  app.useLogger(app.get(Logger));
  return app;
}

/** The built map UI on the same port; unknown non-API paths fall back to index.html. */
function serveFrontend(app: INestApplication, dist: string): void {
  const index = path.join(dist, 'index.html');
  const http = app.getHttpAdapter().getInstance() as express.Express;
  // the UI's files only: API and tile requests (hundreds a second) must not each cost a file-system stat
  const statics = express.static(dist, { index: false, maxAge: '1h' });
  http.use((req, res, next) => (req.path.startsWith('/api/') || req.path.startsWith('/tiles/') ? next() : statics(req, res, next)));
  // Glyph ranges the UI has no file for answer an empty range (MapLibre then skips those characters),
  // so no label request ever fails or leaves the machine.
  http.get(/^\/glyphs\/[^/]+\/\d+-\d+\.pbf$/, (_req, res) => {
    res.type('application/x-protobuf').setHeader('Cache-Control', 'public, max-age=86400');
    res.send(Buffer.alloc(0));
  });
  http.get(/^\/(?!api\/|tiles\/).*/, (req, res, next) => {
    if (!fs.existsSync(index)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

export async function createWorker() {
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn'] });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}
