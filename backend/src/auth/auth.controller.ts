import { Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { meResult, type MeResult, signInInput, type SignInInput, signInResult, type SignInResult } from '@cosite/contracts';
import { BodyOf, Fails, NoBody, Returns } from '../common/dto';
import { clientOf } from '../audit/audit-trail';
import type { AuthenticatedRequest } from './auth.guard';
import { AUTH_DEFAULTS } from './roles';
import { SessionsService } from './sessions.service';
import { SignInThrottlerGuard } from './sign-in-throttler.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('sign-in')
  @HttpCode(200)
  @UseGuards(SignInThrottlerGuard)
  @ApiOperation({
    summary: 'Sign in: sets an HttpOnly session cookie and a CSRF cookie; the body also carries the token for API clients (Authorization: Bearer)',
  })
  @Returns(signInResult)
  @Fails('unauthenticated', 'too_many_requests')
  async signIn(@BodyOf(signInInput) input: SignInInput, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<SignInResult> {
    const s = await this.sessions.signIn(input.username, input.password, clientOf(req));
    const secure = process.env.NODE_ENV === 'production';
    res.cookie(AUTH_DEFAULTS.sessionCookie, s.token, { httpOnly: true, secure, sameSite: 'strict', path: '/', expires: s.expiresAt });
    res.cookie(AUTH_DEFAULTS.csrfCookie, s.csrfToken, { httpOnly: false, secure, sameSite: 'strict', path: '/', expires: s.expiresAt });
    return { user: s.user, csrfToken: s.csrfToken, token: s.token, expiresAt: s.expiresAt.toISOString() };
  }

  @Post('sign-out')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends the session and clears its cookies' })
  @NoBody()
  @Returns(null)
  @Fails('unauthenticated')
  async signOut(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.signOut(req.sessionId!, req.user!, clientOf(req));
    res.clearCookie(AUTH_DEFAULTS.sessionCookie, { path: '/' });
    res.clearCookie(AUTH_DEFAULTS.csrfCookie, { path: '/' });
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user' })
  @Returns(meResult)
  @Fails('unauthenticated')
  me(@Req() req: AuthenticatedRequest): MeResult {
    return { user: req.user! };
  }
}
