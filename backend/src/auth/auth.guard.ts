import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '../common/errors';
import { permissionFor } from './permissions';
import { AUTH_DEFAULTS, SignedInUser } from './roles';
import { SessionsService } from './sessions.service';

export interface AuthenticatedRequest extends Request {
  user?: SignedInUser;
  sessionId?: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session token a request carries: a bearer token (API clients) or the session cookie (the map UI). */
export function sessionTokenOf(req: Request): { token: string | undefined; bearer: boolean } {
  const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  const cookie = (req.cookies as Record<string, string> | undefined)?.[AUTH_DEFAULTS.sessionCookie];
  return { token: bearer ?? cookie, bearer: bearer !== undefined };
}

/**
 * Every request through the permission table: public, or a live session (bearer token or cookie) whose role the
 * endpoint allows. A cookie-borne session must also send its CSRF token on anything that changes state.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly sessions: SessionsService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const allowed = permissionFor(req);
    if (allowed === null) throw ApiError.forbidden(`no permission rule covers ${req.method} ${req.route?.path ?? req.path}`);
    if (allowed === 'public') return true;
    const { token, bearer } = sessionTokenOf(req);
    const found = token ? await this.sessions.resolve(token) : null;
    if (!found) throw ApiError.unauthenticated();
    if (!bearer && !SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== found.csrfToken) {
      throw ApiError.forbidden('missing or wrong X-CSRF-Token header (the value of the cosite_csrf cookie)');
    }
    req.user = found.user;
    req.sessionId = found.sessionId;
    if (!allowed.includes(found.user.role)) throw ApiError.forbidden(`a ${found.user.role} may not ${req.method} ${req.route?.path}`);
    return true;
  }
}
