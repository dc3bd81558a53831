// A minimal browser for HTTP tests: a cookie jar that behaves like a browser's for Livery's cookies (host-only
// cookies stored per host, Secure cookies only over https, Max-Age/Expires honoured) and the Origin header a browser
// sends on non-GET requests. Hosts under `localhost` are plain http; every other host is https (TLS terminated in
// front of the server, as in production), so the test transport is always plain HTTP to the local server.
import { httpRequest, type HttpResponse } from './http.ts';

export interface ParsedSetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flag attributes (HttpOnly, Secure) map to true. */
  attributes: Record<string, string | true>;
}

export function parseSetCookie(header: string): ParsedSetCookie {
  const [pair = '', ...rest] = header.split(';');
  const equals = pair.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const at = trimmed.indexOf('=');
    if (at === -1) attributes[trimmed.toLowerCase()] = true;
    else attributes[trimmed.slice(0, at).trim().toLowerCase()] = trimmed.slice(at + 1).trim();
  }
  return { name: pair.slice(0, equals).trim(), value: pair.slice(equals + 1).trim(), attributes };
}

/** Every Set-Cookie header of a response, parsed. */
export function setCookies(response: HttpResponse): ParsedSetCookie[] {
  const raw = response.headers['set-cookie'];
  return (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).map(parseSetCookie);
}

interface StoredCookie {
  value: string;
  secure: boolean;
  /** ms since epoch; undefined for a session cookie. */
  expires: number | undefined;
}

export function originOf(host: string): string {
  return `${isPlainHttp(host) ? 'http' : 'https'}://${host}`;
}

function isPlainHttp(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

export interface BrowserRequest {
  method?: string;
  host: string;
  path: string;
  headers?: Record<string, string>;
  /** A JSON body (serialised, with content-type application/json). */
  json?: unknown;
  /** A JSON body already written as text (one JSON.stringify cannot produce), sent as application/json. */
  body?: string;
  /** `undefined`: what a browser sends (its own origin on non-GET requests); `null`: no Origin; else that value. */
  origin?: string | null;
}

export class Browser {
  readonly #baseUrl: string;
  /** host → cookie name → cookie. Livery only sets host-only cookies, so a host is the whole scope. */
  readonly #jar = new Map<string, Map<string, StoredCookie>>();

  constructor(baseUrl: string) {
    this.#baseUrl = baseUrl;
  }

  /** The value of a live cookie for `host`. */
  cookie(host: string, name: string): string | undefined {
    const stored = this.#jar.get(host)?.get(name);
    if (!stored) return undefined;
    if (stored.expires !== undefined && stored.expires <= Date.now()) return undefined;
    return stored.value;
  }

  /** Plants a cookie as an attacker (or a sibling subdomain) could. */
  plantCookie(host: string, name: string, value: string): void {
    this.#cookies(host).set(name, { value, secure: false, expires: undefined });
  }

  async request(req: BrowserRequest): Promise<HttpResponse> {
    const method = req.method ?? 'GET';
    const headers: Record<string, string> = {};
    const cookie = this.#cookieHeader(req.host);
    if (cookie) headers.cookie = cookie;
    const origin =
      req.origin === undefined ? (method === 'GET' || method === 'HEAD' ? null : originOf(req.host)) : req.origin;
    if (origin !== null) headers.origin = origin;
    const body = req.json !== undefined ? JSON.stringify(req.json) : req.body;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await httpRequest(this.#baseUrl, {
      method,
      host: req.host,
      path: req.path,
      headers: { ...headers, ...req.headers },
      ...(body !== undefined ? { body } : {}),
    });
    for (const set of setCookies(response)) this.#store(req.host, set);
    return response;
  }

  get(host: string, path: string, headers?: Record<string, string>): Promise<HttpResponse> {
    return this.request({ host, path, ...(headers ? { headers } : {}) });
  }

  post(
    host: string,
    path: string,
    json?: unknown,
    options: Omit<BrowserRequest, 'host' | 'path' | 'json'> = {},
  ): Promise<HttpResponse> {
    return this.request({ ...options, method: 'POST', host, path, ...(json !== undefined ? { json } : {}) });
  }

  put(
    host: string,
    path: string,
    json: unknown,
    options: Omit<BrowserRequest, 'host' | 'path' | 'json'> = {},
  ): Promise<HttpResponse> {
    return this.request({ ...options, method: 'PUT', host, path, ...(json !== undefined ? { json } : {}) });
  }

  delete(
    host: string,
    path: string,
    options: Omit<BrowserRequest, 'host' | 'path' | 'json'> = {},
  ): Promise<HttpResponse> {
    return this.request({ ...options, method: 'DELETE', host, path });
  }

  #cookies(host: string): Map<string, StoredCookie> {
    let cookies = this.#jar.get(host);
    if (!cookies) {
      cookies = new Map();
      this.#jar.set(host, cookies);
    }
    return cookies;
  }

  #cookieHeader(host: string): string {
    const now = Date.now();
    const secureChannel = !isPlainHttp(host);
    return [...(this.#jar.get(host) ?? new Map<string, StoredCookie>())]
      .filter(([, c]) => (c.expires === undefined || c.expires > now) && (!c.secure || secureChannel))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  #store(host: string, set: ParsedSetCookie): void {
    const secure = set.attributes.secure === true;
    // Browsers refuse Secure cookies (and __Host- ones) set over plain http.
    if ((secure || set.name.startsWith('__Host-')) && isPlainHttp(host)) return;
    const maxAge = typeof set.attributes['max-age'] === 'string' ? Number(set.attributes['max-age']) : undefined;
    const expiresAttr = typeof set.attributes.expires === 'string' ? Date.parse(set.attributes.expires) : undefined;
    const expires = maxAge !== undefined ? Date.now() + maxAge * 1000 : expiresAttr;
    const cookies = this.#cookies(host);
    if (expires !== undefined && expires <= Date.now()) cookies.delete(set.name);
    else cookies.set(set.name, { value: set.value, secure, expires });
  }
}
