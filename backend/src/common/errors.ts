import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';

import { ERROR_CLASS_OF_STATUS, ERRORS, type ErrorBody, type ErrorCode, type FieldProblem } from '@cosite/contracts';

export type { ErrorCode, FieldProblem };

/** The general codes by name, for the edge's own refusals (domain codes are written as their strings). */
export const ApiErrorCode = {
  ValidationFailed: 'validation_failed',
  NotFound: 'not_found',
  Conflict: 'conflict',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  Unauthenticated: 'unauthenticated',
  Forbidden: 'forbidden',
  Locked: 'locked',
  TooManyRequests: 'too_many_requests',
} as const satisfies Record<string, ErrorCode>;

/** An error the API answers with: its code's status comes from the contract's one table (ERRORS). */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  get status(): number {
    return ERRORS[this.code].status;
  }
  /** The one shape of every error body. */
  get body(): ErrorBody {
    return { statusCode: this.status, error: ERROR_CLASS_OF_STATUS[this.status] ?? this.code, code: this.code, message: this.message, errors: this.errors };
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
  /** A domain outcome (structure_full, version_conflict…) about one field. */
  static of(code: ErrorCode, field: string, problem: string): ApiError {
    return new ApiError(code, `${field}: ${problem}`, [{ field, problem }]);
  }
}

/**
 * Maps a PostgreSQL error caused by the request's data to the field a client can fix: integrity violations
 * (class 23), data exceptions (class 22: bad text, numbers out of range, bad dates...) and PostGIS parse errors.
 * The database is the last line of defence; services normally catch these cases first with better words.
 */
export function fromPostgresError(err: unknown, fieldOfConstraint: (constraint: string) => string | undefined, fallbackField = 'body'): ApiError | null {
  const e = err as { code?: string; constraint?: string; detail?: string; message?: string; column?: string };
  if (!e || typeof e.code !== 'string') return null;
  const field = (e.constraint && fieldOfConstraint(e.constraint)) || e.column || fallbackField;
  const message = e.message ?? 'violates a constraint';
  switch (e.code) {
    case '23505':
      return new ApiError(ApiErrorCode.Conflict, `${field}: already exists`, [{ field, problem: `already exists (${e.detail ?? e.message})` }], { cause: err });
    case '23P01': // exclusion constraint: overlaps something already there
      return new ApiError(
        ApiErrorCode.Conflict,
        `${field}: conflicts with existing data`,
        [{ field, problem: `conflicts with existing data (${e.detail ?? e.message})` }],
        { cause: err },
      );
    case '23503':
      return ApiError.invalid([{ field, problem: `refers to something that does not exist (${e.detail ?? e.message})` }]);
    case 'XX000': // PostGIS parse errors
      return ApiError.invalid([{ field: 'geometry', problem: message }]);
    default:
      // every other integrity violation and every data exception is the input's fault, never a server error
      if (e.code.startsWith('23') || e.code.startsWith('22')) return ApiError.invalid([{ field, problem: message }]);
      return null;
  }
}

/** An error as node-postgres / TypeORM raise it (QueryFailedError copies the driver's fields). */
function isPostgresError(e: unknown): e is { code: string } {
  return (
    typeof (e as { code?: unknown })?.code === 'string' &&
    /^[0-9A-Z]{5}$/.test((e as { code: string }).code) &&
    ('severity' in (e as object) || 'driverError' in (e as object))
  );
}

/**
 * The filter's last line of defence for database errors no service mapped: data exceptions and integrity
 * violations are 400/409; an internal error (XX000) only when PostGIS says it could not read a geometry.
 */
function fromPostgresInput(e: object): ApiError | null {
  if (!isPostgresError(e)) return null;
  const message = (e as { message?: string }).message ?? '';
  if (e.code === 'XX000' && !/geometr|geojson|parse error|lwgeom|GEOS|topology/i.test(message)) return null;
  return fromPostgresError(e, () => undefined, 'request');
}

/** What body-parser (http-errors) raises for a request it cannot read, as the API's error. */
export function fromBodyParserError(e: {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  limit?: number;
  message?: string;
  charset?: string;
  encoding?: string;
  code?: string;
}): ApiError | null {
  const status = e.status ?? e.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  const one = (code: ErrorCode, field: string, problem: string) => new ApiError(code, `${field}: ${problem}`, [{ field, problem }]);
  switch (e.type) {
    case 'entity.too.large':
      return one(ApiErrorCode.PayloadTooLarge, 'body', `request body is larger than the limit of ${e.limit} bytes`);
    case 'entity.parse.failed':
      return one(ApiErrorCode.ValidationFailed, 'body', `not valid JSON (${e.message})`);
    case 'charset.unsupported':
      return one(ApiErrorCode.UnsupportedMediaType, 'Content-Type', `charset "${e.charset}" is not supported; send UTF-8`);
    case 'encoding.unsupported':
      return one(ApiErrorCode.UnsupportedMediaType, 'Content-Encoding', `"${e.encoding}" is not supported; send gzip, deflate, br or none`);
    case 'request.size.invalid':
      return one(ApiErrorCode.ValidationFailed, 'Content-Length', 'does not match the length of the body');
    case 'request.aborted':
      return one(ApiErrorCode.ValidationFailed, 'body', 'the request was aborted before the body was complete');
    default:
      // zlib's own errors: the body does not match its Content-Encoding (say, gzip declared on a plain body)
      if (typeof e.code === 'string' && e.code.startsWith('Z_'))
        return one(ApiErrorCode.ValidationFailed, 'Content-Encoding', 'the body is not valid compressed data of its Content-Encoding');
      if (e.expose) return one(status === 415 ? ApiErrorCode.UnsupportedMediaType : ApiErrorCode.ValidationFailed, 'body', e.message ?? 'cannot be read');
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
      res.status(exception.status).json(exception.body);
      return;
    }
    const known = exception && typeof exception === 'object' ? (fromBodyParserError(exception) ?? fromPostgresInput(exception)) : null;
    if (known) {
      res.status(known.status).json(known.body);
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: string }).message ?? exception.message);
      // a refusal of the request itself by the framework (say, a path that is not valid percent-encoding) still names what
      const errors = [400, 413, 415].includes(status) ? [{ field: 'request', problem: String(message) }] : [];
      const code = ERROR_CLASS_OF_STATUS[status] ?? 'internal_error';
      res.status(status).json({ statusCode: status, error: exception.name, code, message, errors });
      return;
    }
    this.log.error({ err: exception }, 'unhandled error');
    res.status(500).json({ statusCode: 500, error: 'internal_error', code: 'internal_error', message: 'internal error', errors: [] });
  }
}
