import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';

/** One problem with one field of a request: what the API answers for every bad input. */
export interface FieldProblem {
  field: string;
  problem: string;
}

export enum ApiErrorCode {
  ValidationFailed = 'validation_failed',
  NotFound = 'not_found',
  Conflict = 'conflict',
  PayloadTooLarge = 'payload_too_large',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  Locked = 'locked',
  TooManyRequests = 'too_many_requests',
}

const STATUS: Record<ApiErrorCode, number> = {
  [ApiErrorCode.ValidationFailed]: 400,
  [ApiErrorCode.NotFound]: 404,
  [ApiErrorCode.Conflict]: 409,
  [ApiErrorCode.PayloadTooLarge]: 413,
  [ApiErrorCode.Unauthenticated]: 401,
  [ApiErrorCode.Forbidden]: 403,
  [ApiErrorCode.Locked]: 423,
  [ApiErrorCode.TooManyRequests]: 429,
};

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly errors: FieldProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  get status(): number {
    return STATUS[this.code];
  }
  static invalid(errors: FieldProblem[]): ApiError {
    const first = errors[0];
    const summary = first ? `${first.field}: ${first.problem}` : 'invalid request';
    return new ApiError(ApiErrorCode.ValidationFailed, summary, errors);
  }
  static notFound(what: string): ApiError {
    return new ApiError(ApiErrorCode.NotFound, `${what} not found`);
  }
  static unauthenticated(message = 'sign in first'): ApiError {
    return new ApiError(ApiErrorCode.Unauthenticated, message);
  }
  static forbidden(message: string): ApiError {
    return new ApiError(ApiErrorCode.Forbidden, message);
  }
  static conflict(field: string, problem: string): ApiError {
    return new ApiError(ApiErrorCode.Conflict, `${field}: ${problem}`, [{ field, problem }]);
  }
}

/**
 * Maps a PostgreSQL error raised by a constraint to the field a client can fix.
 * The database is the last line of defence; services normally catch these cases first with better words.
 */
export function fromPostgresError(err: unknown, fieldOfConstraint: (constraint: string) => string | undefined): ApiError | null {
  const e = err as { code?: string; constraint?: string; detail?: string; message?: string; column?: string };
  if (!e || typeof e.code !== 'string') return null;
  const field = (e.constraint && fieldOfConstraint(e.constraint)) || e.column || 'body';
  switch (e.code) {
    case '23505':
      return new ApiError(ApiErrorCode.Conflict, `${field}: already exists`, [{ field, problem: `already exists (${e.detail ?? e.message})` }], { cause: err });
    case '23503':
      return ApiError.invalid([{ field, problem: `refers to something that does not exist (${e.detail ?? e.message})` }]);
    case '23514':
    case '23502':
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return ApiError.invalid([{ field, problem: e.message ?? 'violates a constraint' }]);
    case 'XX000': // PostGIS parse errors
      return ApiError.invalid([{ field: 'geometry', problem: e.message ?? 'invalid geometry' }]);
    default:
      return null;
  }
}

/** One shape for every error body: { statusCode, error, message, errors[] }. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('ApiErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof ApiError) {
      res.status(exception.status).json({ statusCode: exception.status, error: exception.code, message: exception.message, errors: exception.errors });
      return;
    }
    const bodyParserError = exception as { type?: string; status?: number; limit?: number; message?: string };
    if (bodyParserError?.type === 'entity.too.large') {
      const problem = `request body is larger than the limit of ${bodyParserError.limit} bytes`;
      res.status(413).json({ statusCode: 413, error: ApiErrorCode.PayloadTooLarge, message: `body: ${problem}`, errors: [{ field: 'body', problem }] });
      return;
    }
    if (bodyParserError?.type === 'entity.parse.failed') {
      const problem = `not valid JSON (${bodyParserError.message})`;
      res.status(400).json({ statusCode: 400, error: ApiErrorCode.ValidationFailed, message: `body: ${problem}`, errors: [{ field: 'body', problem }] });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      // Health checks answer 503 with their own report: keep it whole.
      if (typeof body === 'object' && body !== null && 'details' in body) {
        res.status(status).json(body);
        return;
      }
      const message = typeof body === 'string' ? body : ((body as { message?: string }).message ?? exception.message);
      res.status(status).json({ statusCode: status, error: exception.name, message, errors: [] });
      return;
    }
    this.log.error({ err: exception }, 'unhandled error');
    res.status(500).json({ statusCode: 500, error: 'internal_error', message: 'internal error', errors: [] });
  }
}
