import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AUTH_DEFAULTS } from './roles';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Accounts: sign-in, sessions, and the guard that holds every endpoint to the permission table. */
@Module({
  imports: [ThrottlerModule.forRoot([{ ttl: 60_000, limit: AUTH_DEFAULTS.signInPerMinute }])],
  controllers: [AuthController, UsersController],
  providers: [SessionsRepository, SessionsService, UsersRepository, UsersService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [SessionsService],
})
export class AuthModule {}
