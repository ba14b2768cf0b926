import type { OpenAPIObject } from '@nestjs/swagger';
import { errorResponse } from '../common/dto';
import { documentedAccess } from './permissions';

/**
 * Writes the permission table into the API document: who may call each operation, and the 401/403 every guarded
 * operation can answer with. Kept here, beside the table, so the document cannot say otherwise than the guard.
 */
export function documentAccess(doc: OpenAPIObject): void {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      const access = documentedAccess(method, path);
      op.responses ??= {};
      if (access === 'public') {
        op.security = [];
      } else {
        op.security = [{ bearer: [] }, { cookie: [] }];
        (op as unknown as Record<string, unknown>)['x-roles'] = access ?? [];
        op.responses['401'] ??= errorResponse(['unauthenticated']);
        op.responses['403'] ??= errorResponse(['forbidden']);
      }
    }
  }
}
