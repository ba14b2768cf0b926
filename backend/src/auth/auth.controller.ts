import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SignInThrottlerGuard } from './sign-in-throttler.guard';
import type { Response } from 'express';
import { z } from 'zod';
import { parseOrThrow } from '../common/zod';
import { clientOf } from '../audit/audit-trail';
import type { AuthenticatedRequest } from './auth.guard';
import { AUTH_DEFAULTS } from './roles';
import { SessionsService } from './sessions.service';

const signInSchema = z
  .object({
    username: z.string({ error: 'is required' }).trim().toLowerCase().min(1, 'is required').max(64),
    password: z.string({ error: 'is required' }).min(1, 'is required').max(256),
  })
  .strict();


@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('sign-in')
  @HttpCode(200)
  @UseGuards(SignInThrottlerGuard)
  @ApiOperation({ summary: 'Sign in: sets an HttpOnly session cookie and a CSRF cookie; the body also carries the token for API clients (Authorization: Bearer)' })
  async signIn(@Body() body: unknown, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const input = parseOrThrow(signInSchema, body ?? {});
    const s = await this.sessions.signIn(input.username, input.password, clientOf(req));
    const secure = process.env.NODE_ENV === 'production';
    res.cookie(AUTH_DEFAULTS.sessionCookie, s.token, { httpOnly: true, secure, sameSite: 'strict', path: '/', expires: s.expiresAt });
    res.cookie(AUTH_DEFAULTS.csrfCookie, s.csrfToken, { httpOnly: false, secure, sameSite: 'strict', path: '/', expires: s.expiresAt });
    return { user: s.user, csrfToken: s.csrfToken, token: s.token, expiresAt: s.expiresAt };
  }

  @Post('sign-out')
  @HttpCode(204)
  async signOut(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    await this.sessions.signOut(req.sessionId!, req.user!, clientOf(req));
    res.clearCookie(AUTH_DEFAULTS.sessionCookie, { path: '/' });
    res.clearCookie(AUTH_DEFAULTS.csrfCookie, { path: '/' });
  }

  @Get('me')
  me(@Req() req: AuthenticatedRequest) {
    return { user: req.user };
  }
}
