import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../context.ts';

export function healthRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/healthz', async (c) => {
    const { db } = c.get('services');
    try {
      await db.asTenant(null, (tx) => tx.execute(sql`select 1`));
      return c.json({ ok: true }, 200, { 'cache-control': 'no-store' });
    } catch {
      return c.json({ ok: false, error: { code: 'database_unavailable', message: 'The database does not answer.', requestId: c.get('requestId') } }, 503, {
        'cache-control': 'no-store',
      });
    }
  });
  return routes;
}
