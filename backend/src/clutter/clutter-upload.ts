import express from 'express';
import { ApiError, ApiErrorCode } from '../common/errors';
import { bytes } from '../common/upload-caps';

/** The little of multer (the multipart parser under @nestjs/platform-express; it ships no types) used here. */
interface MulterError extends Error {
  code: string;
  field?: string;
}
interface Multer {
  (options: { storage: unknown; limits: Record<string, number> }): { single(field: string): express.RequestHandler };
  memoryStorage(): unknown;
  MulterError: new (...args: never[]) => MulterError;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const multer: Multer = require('multer');

/** The part multer leaves on the request. */
export interface UploadedPart {
  buffer: Buffer;
  originalname: string;
}

/**
 * The body parser of POST /clutter/imports: a multipart form with the GeoTIFF in a part named `file` (as a browser
 * form sends it), or the raw file as the body (as terrain imports take it). Both held to the import byte cap.
 */
export function clutterUploadParser(maxBytes: number): express.RequestHandler {
  const multipart = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 } }).single('file');
  const raw = express.raw({ type: () => true, limit: maxBytes });
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return raw(req, res, next);
    multipart(req, res, (err?: unknown) => next(err ? multipartError(err, maxBytes) : undefined));
  };
}

function multipartError(err: unknown, maxBytes: number): unknown {
  if (!(err instanceof multer.MulterError)) {
    // busboy's own complaints (no boundary, a truncated form) are the client's
    return err instanceof Error ? ApiError.invalid([{ field: 'body', problem: `not a readable multipart form (${err.message})` }]) : err;
  }
  if (err.code === 'LIMIT_FILE_SIZE') {
    const problem = `the file is larger than the limit of ${bytes(maxBytes)} (IMPORT_LIMIT)`;
    return new ApiError(ApiErrorCode.PayloadTooLarge, problem, [{ field: 'file', problem }]);
  }
  const field = err.code === 'LIMIT_UNEXPECTED_FILE' || err.code === 'LIMIT_FILE_COUNT' || err.code === 'LIMIT_PART_COUNT' ? 'file' : 'body';
  return ApiError.invalid([
    { field, problem: `send one part named "file" holding the GeoTIFF and nothing else (${err.message}${err.field ? `: ${err.field}` : ''})` },
  ]);
}
