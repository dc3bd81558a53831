// Every tenant route starts here: the Host header decides the tenant, or the request ends. There is no default
// tenant to fall back to.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

export const resolveTenant = createMiddleware<AppEnv>(async (c, next) => {
  // A theme request brings the theme along when the database has to be asked: one lookup for both.
  const wantTheme = c.req.path.startsWith('/theme') || c.req.path === '/preview';
  const resolution = await c.get('services').directory.resolve(c.req.header('host'), wantTheme);
  if (resolution.kind !== 'tenant') {
    const detail =
      resolution.kind === 'malformed'
        ? `The Host header is not a usable host name (${resolution.reason}).`
        : `No tenant is served at ${resolution.host}.`;
    throw new ApiError(404, 'unknown_host', detail);
  }
  const { tenant, host } = resolution;
  if (tenant.status !== 'active') {
    throw new ApiError(403, `tenant_${tenant.status}`, `This tenant is ${tenant.status}.`);
  }
  c.set('tenant', { ...tenant, host });
  await next();
});
