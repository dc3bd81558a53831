import { Hono } from 'hono';
import { databaseAnswers } from '../../db/core.ts';
import type { AppEnv } from '../context.ts';

export function healthRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/healthz', async (c) => {
    if (await databaseAnswers(c.get('services').db)) return c.json({ ok: true }, 200, { 'cache-control': 'no-store' });
    return c.json(
      {
        ok: false,
        error: {
          code: 'database_unavailable',
          message: 'The database does not answer.',
          requestId: c.get('requestId'),
        },
      },
      503,
      {
        'cache-control': 'no-store',
      },
    );
  });
  return routes;
}
