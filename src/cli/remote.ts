// What push, pull and diff share: which Livery they talk to (--url / LIVERY_URL: the tenant's own host, since the
// tenant is the one its host names; --key / LIVERY_API_KEY) and one JSON request to it. A connection that cannot be
// made, a key that is refused (401) or an answer that is not Livery's is UnusableInput (exit 2).
import { lookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { jsonFlag, stringFlag, type Flag, type Values } from './args.ts';
import { UnusableInput } from './input.ts';

export const remoteFlags = {
  url: {
    type: 'string',
    value: 'url',
    help: "the tenant's Livery, e.g. https://acme.example.com (default LIVERY_URL)",
  },
  key: {
    type: 'string',
    value: 'key',
    help: 'an API key of that tenant (default LIVERY_API_KEY; prefer the variable: flags show in process lists)',
  },
  json: jsonFlag,
} as const satisfies Record<string, Flag>;

export interface Remote {
  url: URL;
  key: string;
}

export function remoteFrom(values: Values, env: Record<string, string | undefined>): Remote {
  const raw = stringFlag(values, 'url') ?? env.LIVERY_URL;
  const key = stringFlag(values, 'key') ?? env.LIVERY_API_KEY;
  if (!raw)
    throw new UnusableInput(
      "say which Livery: --url <url> or LIVERY_URL (the tenant's host, e.g. http://acme.livery.localhost:8787)",
      'usage',
    );
  if (!key) throw new UnusableInput('an API key is needed: LIVERY_API_KEY (or --key)', 'usage');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnusableInput(`"${raw}" is not a URL (e.g. https://acme.example.com)`, 'usage');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UnusableInput(`the Livery URL must be http or https, not ${url.protocol}`, 'usage');
  return { url, key };
}

/** `*.localhost` is loopback (RFC 6761), whatever the system resolver says: the demo hosts work without /etc/hosts. */
const loopbackForLocalhost: LookupFunction = (hostname, options, callback) => {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    if (options.all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: '127.0.0.1', family: 4 },
      ]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  lookup(hostname, options, callback);
};

export interface Answer {
  status: number;
  body: unknown;
}

/** One request to the API; the body as JSON. */
export function call(
  remote: Remote,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const target = new URL(path, remote.url);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method,
        lookup: loopbackForLocalhost,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${remote.key}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          ...headers,
        },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            reject(
              new UnusableInput(
                `${target.origin} answered ${res.statusCode} with something that is not Livery's JSON (is --url / LIVERY_URL a Livery?)`,
                'bad_response',
              ),
            );
            return;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', (error) =>
          reject(new UnusableInput(`${target.origin}: ${error.message}`, 'connection_failed')),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new UnusableInput(
          `cannot reach ${target.origin}: ${error.code === 'ECONNREFUSED' ? 'connection refused (is Livery running there?)' : error.message}`,
          'connection_failed',
        ),
      );
    });
    req.end(payload);
  });
}

/** The API's error document, if the answer is one. */
export function apiError(answer: Answer): { code: string; message: string; [detail: string]: unknown } | null {
  const error = (answer.body as { error?: unknown } | null)?.error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string; message: string })
    : null;
}

/**
 * An answer that no command can go on from: 401 (the key is not accepted) or anything else unexpected, as
 * UnusableInput naming the API's code and message.
 */
export function unexpected(answer: Answer, what: string): UnusableInput {
  const error = apiError(answer);
  const because = error ? `${error.code}: ${error.message}` : `HTTP ${answer.status}`;
  const hint = answer.status === 401 ? ' (check LIVERY_API_KEY: a key of the tenant LIVERY_URL names)' : '';
  return new UnusableInput(`${what} failed — ${because}${hint}`, error?.code ?? `http_${answer.status}`);
}

/** The tenant's current layer: GET /api/v1/tokens/overrides → {version (null before the first), tokens}. */
export async function currentLayer(remote: Remote): Promise<{ version: number | null; tokens: unknown }> {
  const answer = await call(remote, 'GET', '/api/v1/tokens/overrides');
  if (answer.status !== 200) throw unexpected(answer, 'reading the current overrides');
  return answer.body as { version: number | null; tokens: unknown };
}

/**
 * The file as the service would store it (normalised DTCG: dotted names, numeric strings, Tokens Studio forms read
 * as the engine reads them), so comparing with what the service holds shows real changes only. A file the engine
 * cannot read is compared as written.
 */
export async function normalisedLocal(tokens: unknown, env: Record<string, string | undefined>): Promise<unknown> {
  const [{ composeTheme, normalisedTree }, { cliPlatform }] = await Promise.all([
    import('../engine/index.ts'),
    import('./layers.ts'),
  ]);
  const platform = await cliPlatform(env.LIVERY_TOKENS_DIR || undefined);
  const result = composeTheme(platform.base, [{ source: 't1', tokens }], { rules: [] });
  return result.last ? normalisedTree(result.last.entries) : tokens;
}
