import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, APP_CONFIG } from './config/config.module';
import type { AppConfig } from './config/config';
import { DatabaseModule } from './database/database.module';
import { JobsModule } from './jobs/jobs.module';
import { HealthModule } from './health/health.module';
import { InventoryModule } from './inventory/inventory.module';
import { ZoningModule } from './zoning/zoning.module';
import { KeySitesModule } from './key-sites/key-sites.module';
import { DistrictsModule } from './districts/districts.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { ImportsModule } from './imports/imports.module';
import { TilesModule } from './tiles/tiles.module';
import { CoverageModule } from './coverage/coverage.module';
import { ColocationModule } from './colocation/colocation.module';
import { ProtectionModule } from './protection/protection.module';
import { PolesModule } from './poles/poles.module';
import { PlansModule } from './plans/plans.module';
import { RouteSharingModule } from './route-sharing/route-sharing.module';
import { KpiModule } from './kpi/kpi.module';
import { AuthModule } from './auth/auth.module';
import { ApplicationsModule } from './applications/applications.module';
import { AuditModule } from './audit/audit.module';
import { TerrainModule } from './terrain/terrain.module';
import { ClutterModule } from './clutter/clutter.module';

/** Everything that carries a credential, in requests, responses and any object logged beside them. */
export const LOG_REDACTIONS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.csrfToken',
  '*.passwordHash',
  // a failed query's bound values (a session's CSRF token, a password hash) ride on the error object
  'err.parameters',
  'err.driverError.parameters',
];

export const loggerModule = LoggerModule.forRootAsync({
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => ({
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    // Tiles skip the request logger entirely: hundreds a minute, and each millisecond counts.
    exclude: [{ path: 'tiles/{*path}', method: RequestMethod.GET }],
    pinoHttp: {
      level: config.log.level,
      autoLogging: { ignore: (req) => req.url === '/api/v1/health' },
      // a session token in a log is a session anyone with the log can take over
      redact: { paths: LOG_REDACTIONS, censor: '[Redacted]' },
    },
  }),
});

/** The API process: HTTP only; jobs are enqueued here and run by the worker process. */
@Module({
  imports: [
    ConfigModule,
    loggerModule,
    DatabaseModule,
    JobsModule,
    AuthModule,
    HealthModule,
    OrganisationsModule,
    DistrictsModule,
    InventoryModule,
    ZoningModule,
    KeySitesModule,
    ImportsModule,
    TilesModule,
    CoverageModule,
    TerrainModule,
    ClutterModule,
    ColocationModule,
    ProtectionModule,
    RouteSharingModule,
    PolesModule,
    PlansModule,
    KpiModule,
    ApplicationsModule,
    AuditModule,
  ],
})
export class AppModule {}
