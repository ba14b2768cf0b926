import { z } from 'zod';

/** What /health answers: the overall status and each indicator's details (terminus' shape). */

const indicator = z.looseObject({ status: z.enum(['up', 'down']) });

export const healthResult = z.object({
  status: z.enum(['ok', 'degraded', 'error']).meta({
    description: 'ok; degraded: the worker or the coverage listener is down (still 200); error: the database, PostGIS or Redis is down (503, same body)',
  }),
  info: z.record(z.string(), indicator).meta({ description: 'the indicators that are up' }),
  error: z.record(z.string(), indicator).meta({ description: 'the indicators that are down' }),
  details: z.record(z.string(), indicator).meta({ description: 'every indicator: database, postgis, redis, queue, coverageListener' }),
});
export type HealthResult = z.infer<typeof healthResult>;
