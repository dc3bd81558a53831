// The few workerd modules the Worker suite uses, typed here rather than pulling @cloudflare/workers-types into a
// tsconfig shared with Node's types. Provided at run time by workerd and @cloudflare/vitest-pool-workers.
declare module 'cloudflare:workers' {
  /** The Worker's bindings (vars from wrangler.jsonc and the test config, and the Hyperdrive bindings). */
  export const env: Record<string, unknown>;
  /** The main module's exports as services: `exports.default.fetch` enters the Worker as a request would. */
  export const exports: { default: { fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> } };
}

declare module 'cloudflare:test' {
  export function createExecutionContext(): import('hono').ExecutionContext;
  /** Waits for everything the handler passed to `ctx.waitUntil` (here: the edge-cache writes). */
  export function waitOnExecutionContext(ctx: import('hono').ExecutionContext): Promise<void>;
  /** The first argument of a `scheduled()` handler, as a cron trigger would pass it. */
  export function createScheduledController(options?: { scheduledTime?: Date | number; cron?: string }): {
    scheduledTime: number;
    cron: string;
  };
}
