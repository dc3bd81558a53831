// A real HTTP client for end-to-end tests: node:http, so the Host header is sent exactly as given (fetch forbids it).
import { Agent, request, type IncomingMessage } from 'node:http';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = any>(): T;
  header(name: string): string | undefined;
}

export interface HttpRequest {
  method?: string;
  host: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** [issue 11] A check every response from a server must pass (test/support/openapi-check.ts), per server origin. */
export type ResponseCheck = (request: HttpRequest, response: HttpResponse) => void;
const responseChecks = new Map<string, ResponseCheck>();

/** Runs `check` on every response httpRequest gets from `baseUrl` (undefined: stops). */
export function checkResponsesFrom(baseUrl: string, check: ResponseCheck | undefined): void {
  const origin = new URL(baseUrl).origin;
  if (check) responseChecks.set(origin, check);
  else responseChecks.delete(origin);
}

export function httpRequest(baseUrl: string, req: HttpRequest): Promise<HttpResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        method: req.method ?? 'GET',
        path: req.path,
        setHost: false,
        headers: {
          host: req.host,
          ...req.headers,
          ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}),
        },
      },
      (res) =>
        collect(res)
          .then((response) => {
            responseChecks.get(url.origin)?.(req, response);
            return response;
          })
          .then(resolve, reject),
    );
    outgoing.on('error', reject);
    if (req.body !== undefined) outgoing.write(req.body);
    outgoing.end();
  });
}

/** Reads a whole response into an HttpResponse. */
export function collect(res: IncomingMessage): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        text,
        json: () => JSON.parse(text),
        header: (name) => {
          const value = res.headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(', ') : value;
        },
      });
    });
    res.on('error', reject);
  });
}
