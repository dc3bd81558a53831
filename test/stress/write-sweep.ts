// A generated bad-input sweep over every write endpoint of the API: each request is a valid body (or path) with one
// thing made wrong — a field of the wrong type, text PostgreSQL cannot store (NUL, lone surrogates, in a value or a
// key), 1e309 and 2**63, deep nesting, a 100 KB string, a `__proto__` key, an unknown field, a root that is not an
// object, JSON cut short — or a path parameter made wrong the same ways. Shared by test/http/write-sweep.test.ts (a
// sample in `npm test`) and test/stress/write-sweep.stress.test.ts (10 000+ in `npm run test:stress`).
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { rows } from '../../src/db/database.ts';
import { Browser } from '../support/cookie-jar.ts';
import type { HttpResponse } from '../support/http.ts';
import type { TestDatabaseName } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Key = string | number;

/** What a field holds, which decides the values of the wrong type for it. */
type FieldKind = 'string' | 'nullableString' | 'integer' | 'stringArray' | 'tokenValue' | 'tokenText';

interface Field {
  path: Key[];
  kind: FieldKind;
}

/** Who sends a request: the partner's (acme) admin key on its host, or an anonymous visitor's browser on a customer's. */
type Caller = 'acmeAdmin' | 'visitor';

export interface SweepTarget {
  name: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path; `:param` placeholders are filled from the sweep's context, or made wrong by a path mutation. */
  path: string;
  caller: Caller;
  /** A body the endpoint would accept (never sent as it is), or none for endpoints without one. */
  body?: Record<string, unknown>;
  fields?: Field[];
  /** Drafts keep any token tree with its validation result: only what cannot be stored at all is refused. */
  refusesOnlyUnusable?: boolean;
  /** POST /tokens/validate stores nothing and answers a bad tree with 200 `ok: false`. */
  validatesOnly?: boolean;
}

const NO_RATE_LIMITS: Record<string, string> = Object.fromEntries(
  ['SIGN_IN', 'ANONYMOUS', 'ACCOUNT', 'VALIDATE', 'WRITE'].map((name) => [`LIVERY_RATE_LIMIT_${name}`, 'off']),
);

const TOKEN_TREE = { primitive: { radius: { md: { $value: '5px', $description: 'Rounder' } } } };
const TOKEN_FIELDS: Field[] = [
  { path: ['primitive', 'radius', 'md', '$value'], kind: 'tokenValue' },
  { path: ['primitive', 'radius', 'md', '$description'], kind: 'tokenText' },
];

export const SWEEP_TARGETS: SweepTarget[] = [
  {
    name: 'overrides',
    method: 'PUT',
    path: '/api/v1/tokens/overrides',
    caller: 'acmeAdmin',
    body: TOKEN_TREE,
    fields: TOKEN_FIELDS,
  },
  {
    name: 'validate',
    method: 'POST',
    path: '/api/v1/tokens/validate',
    caller: 'acmeAdmin',
    body: TOKEN_TREE,
    fields: TOKEN_FIELDS,
    validatesOnly: true,
  },
  {
    name: 'draft',
    method: 'PUT',
    path: '/api/v1/tokens/drafts/:draft',
    caller: 'visitor',
    body: TOKEN_TREE,
    fields: TOKEN_FIELDS,
    refusesOnlyUnusable: true,
  },
  { name: 'draft delete', method: 'DELETE', path: '/api/v1/tokens/drafts/:draft', caller: 'visitor' },
  {
    name: 'policy',
    method: 'PUT',
    path: '/api/v1/tokens/policy',
    caller: 'acmeAdmin',
    body: { allow: ['primitive.radius.md'], ranges: { 'primitive.radius.*': { min: '0px', max: '16px' } } },
    fields: [
      { path: ['allow'], kind: 'stringArray' },
      { path: ['allow', 0], kind: 'string' },
      { path: ['ranges', 'primitive.radius.*', 'min'], kind: 'string' },
    ],
  },
  {
    name: 'theme',
    method: 'PUT',
    path: '/api/v1/tokens/theme',
    caller: 'acmeAdmin',
    body: { theme: 'ocean' },
    fields: [{ path: ['theme'], kind: 'nullableString' }],
  },
  {
    name: 'rollback',
    method: 'POST',
    path: '/api/v1/tokens/rollback',
    caller: 'acmeAdmin',
    body: { version: 1 },
    fields: [{ path: ['version'], kind: 'integer' }],
  },
  {
    name: 'tenant create',
    method: 'POST',
    path: '/api/v1/tenants',
    caller: 'acmeAdmin',
    body: { slug: 'sweep-shop', name: 'Sweep Shop' },
    fields: [
      { path: ['slug'], kind: 'string' },
      { path: ['name'], kind: 'string' },
    ],
  },
  {
    name: 'tenant update',
    method: 'PATCH',
    path: '/api/v1/tenants/:tenant',
    caller: 'acmeAdmin',
    body: { name: 'Acme Shop', status: 'active' },
    fields: [
      { path: ['name'], kind: 'string' },
      { path: ['status'], kind: 'string' },
    ],
  },
  {
    name: 'domain claim',
    method: 'POST',
    path: '/api/v1/tenants/:tenant/domains',
    caller: 'acmeAdmin',
    body: { domain: 'shop.sweep.example' },
    fields: [{ path: ['domain'], kind: 'string' }],
  },
  { name: 'domain withdraw', method: 'DELETE', path: '/api/v1/tenants/:tenant/domains/:domain', caller: 'acmeAdmin' },
  { name: 'domain verify', method: 'POST', path: '/api/v1/domains/:domain/verify', caller: 'acmeAdmin' },
  {
    name: 'providers',
    method: 'PUT',
    path: '/api/v1/auth/providers',
    caller: 'acmeAdmin',
    body: { providers: ['google'] },
    fields: [
      { path: ['providers'], kind: 'stringArray' },
      { path: ['providers', 0], kind: 'string' },
    ],
  },
  {
    name: 'key create',
    method: 'POST',
    path: '/api/v1/keys',
    caller: 'acmeAdmin',
    body: { role: 'viewer', label: 'ci' },
    fields: [
      { path: ['role'], kind: 'string' },
      { path: ['label'], kind: 'string' },
    ],
  },
  { name: 'key revoke', method: 'DELETE', path: '/api/v1/keys/:key', caller: 'acmeAdmin' },
  {
    name: 'invitation',
    method: 'POST',
    path: '/api/v1/invitations',
    caller: 'acmeAdmin',
    body: { email: 'sweep@example.test', role: 'viewer' },
    fields: [
      { path: ['email'], kind: 'string' },
      { path: ['role'], kind: 'string' },
    ],
  },
  { name: 'invitation delete', method: 'DELETE', path: '/api/v1/invitations/:invitation', caller: 'acmeAdmin' },
  {
    name: 'preview',
    method: 'POST',
    path: '/auth/preview',
    caller: 'visitor',
    body: { email: 'sweep@example.test', message: 'Hello' },
    fields: [
      { path: ['email'], kind: 'string' },
      { path: ['message'], kind: 'string' },
    ],
  },
  {
    name: 'complete',
    method: 'POST',
    path: '/auth/complete',
    caller: 'visitor',
    body: { name: 'Sweep' },
    fields: [{ path: ['name'], kind: 'string' }],
  },
];

/** The values of the wrong type for a field (none of them acceptable where the field expects its kind). */
const WRONG_TYPES: Record<FieldKind, unknown[]> = {
  string: [12, 0, true, false, null, [], ['x'], {}, { a: 'b' }],
  nullableString: [12, true, false, [], ['x'], {}],
  integer: ['1', '', true, null, [], [1], {}, 1.5, 0, -1, 2_147_483_648, 2 ** 53, -(2 ** 63)],
  stringArray: ['x', 12, true, null, {}, { 0: 'x' }, [12], [null], [[]], [{}]],
  tokenValue: [12, true, null, [], {}, 'wide', '12 px px', { value: 'x', unit: 'px' }, { value: 1, unit: 'parsec' }],
  tokenText: [12, true, [], {}],
};

const UNSTORABLE = ['\u0000', '\ud800', '\udfff', '\udc00\ud800', 'a\u0000b'];

/** A request of the sweep: which target, what was made wrong (for failure messages), and the raw text sent. */
export interface SweepCase {
  target: string;
  kind: string;
  /** A path parameter made wrong (already percent-encoded), or undefined to use the context's. */
  param?: { name: string; value: string };
  body?: string;
}

const MARK = '__SWEEP_MARK__';

function setAt(tree: unknown, path: Key[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy: Record<Key, unknown> | unknown[] = Array.isArray(tree)
    ? [...tree]
    : { ...(tree as Record<string, unknown>) };
  (copy as Record<Key, unknown>)[head!] = setAt((tree as Record<Key, unknown>)[head!], rest, value);
  return copy;
}

function getAt(tree: unknown, path: Key[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<Key, unknown>)?.[key], tree);
}

/** The body with the value at `path` replaced by raw JSON text (which JSON.stringify could not write: 1e309, 5 000 deep). */
function withRaw(body: Record<string, unknown>, path: Key[], raw: string): string {
  return JSON.stringify(setAt(body, path, MARK)).replace(`"${MARK}"`, raw);
}

/** Nested arrays or objects `depth` deep, as text. */
const deepJson = (depth: number, objects: boolean) =>
  objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** The root and every object (not array) holding one of the fields: where a key can be added. */
function objectsIn(body: Record<string, unknown>, fields: Field[]): Key[][] {
  const parents = fields
    .map((f) => f.path.slice(0, -1))
    .filter((p) => {
      const node = getAt(body, p);
      return p.length > 0 && typeof node === 'object' && node !== null && !Array.isArray(node);
    });
  return [[], ...new Map(parents.map((p) => [p.join('\u0001'), p])).values()];
}

function fieldCase(target: SweepTarget): fc.Arbitrary<SweepCase> {
  const body = target.body!;
  const fields = target.fields!;
  const field = fc.constantFrom(...fields);
  const make = (kind: string, text: fc.Arbitrary<string>) =>
    text.map((raw) => ({ target: target.name, kind, body: raw }));
  const usable: fc.Arbitrary<SweepCase>[] = [];
  // what no body may hold, whatever the endpoint: refused by every target
  const unusable = [
    make(
      'unstorable text',
      fc.tuple(field, fc.constantFrom(...UNSTORABLE), fc.boolean()).map(([f, bad, before]) => {
        const valid = getAt(body, f.path);
        const text = typeof valid === 'string' ? (before ? `${bad}${valid}` : `${valid}${bad}`) : bad;
        return JSON.stringify(setAt(body, f.kind === 'stringArray' ? [...f.path, 0] : f.path, text));
      }),
    ),
    make(
      'unstorable key',
      fc
        .tuple(fc.constantFrom(...objectsIn(body, fields)), fc.constantFrom(...UNSTORABLE))
        .map(([parent, bad]) => JSON.stringify(setAt(body, [...parent, `k${bad}`], 'x'))),
    ),
    make(
      '1e309',
      fc.tuple(field, fc.constantFrom('1e309', '-1e309', '1e400')).map(([f, raw]) => withRaw(body, f.path, raw)),
    ),
    make(
      'deep nesting',
      fc
        .tuple(field, fc.integer({ min: 65, max: 5_000 }), fc.boolean())
        .map(([f, depth, objects]) => withRaw(body, f.path, deepJson(depth, objects))),
    ),
    make(
      '__proto__ key',
      fc.tuple(fc.constantFrom(...objectsIn(body, fields)), fc.boolean()).map(([parent, polluting]) => {
        const raw = polluting ? '{"isAdmin":true,"role":"admin"}' : 'null';
        const text = JSON.stringify(setAt(body, parent, { [MARK]: 1, ...(getAt(body, parent) as object) }));
        return text.replace(`"${MARK}":1`, `"__proto__":${raw}`);
      }),
    ),
    make(
      'JSON cut short',
      fc.integer({ min: 1, max: 40 }).map((cut) => {
        const text = JSON.stringify(body);
        return text.slice(0, Math.max(1, text.length - cut));
      }),
    ),
  ];
  if (!target.refusesOnlyUnusable) {
    usable.push(
      make(
        'wrong type',
        field.chain((f) =>
          fc.constantFrom(...WRONG_TYPES[f.kind]).map((value) => JSON.stringify(setAt(body, f.path, value))),
        ),
      ),
      make(
        '2**63',
        fc
          .tuple(field, fc.constantFrom('9223372036854775808', '-9223372036854775809', '18446744073709551616'))
          .map(([f, raw]) => withRaw(body, f.path, raw)),
      ),
      make(
        '100 KB string',
        fc
          .tuple(field, fc.constantFrom('a', 'é', '字', '0'), fc.integer({ min: 100_000, max: 110_000 }))
          .map(([f, ch, n]) => JSON.stringify(setAt(body, f.path, ch.repeat(n)))),
      ),
      make(
        'deep value',
        fc
          .tuple(field, fc.integer({ min: 2, max: 60 }))
          .map(([f, depth]) => withRaw(body, f.path, deepJson(depth, false))),
      ),
      make('not an object', fc.constantFrom('[]', '"x"', '12', 'null', 'true', '[{}]')),
    );
    if (!target.path.includes('tokens/overrides') && !target.validatesOnly) {
      usable.push(
        make(
          'unknown field',
          fc
            .constantFrom('extra', 'constructor', 'prototype', 'Slug', ' name')
            .map((key) => JSON.stringify({ ...body, [key]: 1 })),
        ),
      );
    }
  }
  return fc.oneof(...unusable, ...usable);
}

/**
 * Path parameters made wrong: NUL, bytes that are not UTF-8, an encoded lone surrogate, long, traversal, separators.
 * Each is wrong for every parameter (not a draft name, a domain or a UUID), so the request carries nothing acceptable.
 */
const BAD_PARAMS = [
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%ED%BF%BF',
  '%FF',
  '%C0%AF',
  '%',
  '%2',
  'x'.repeat(8_000),
  '..',
  '.',
  '%2E%2E',
  '%2F',
  '%5C',
  '%F0%9F',
  'sweep.example%00.com',
  '-',
  'a'.repeat(300),
  '%20',
  '%0A',
  '%3Cscript%3E',
];

function paramCase(target: SweepTarget): fc.Arbitrary<SweepCase> | null {
  const names = [...target.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  if (names.length === 0) return null;
  return fc.tuple(fc.constantFrom(...names), fc.constantFrom(...BAD_PARAMS)).map(([name, value]) => ({
    target: target.name,
    kind: `bad :${name}`,
    param: { name, value },
    ...(target.body ? { body: JSON.stringify(target.body) } : {}),
  }));
}

/** Generated bad requests spread over every target. */
export function sweepCase(targets: SweepTarget[] = SWEEP_TARGETS): fc.Arbitrary<SweepCase> {
  const arbitraries: fc.Arbitrary<SweepCase>[] = [];
  for (const target of targets) {
    const params = paramCase(target);
    // an endpoint whose body the sweep makes wrong; a path-only endpoint gets only wrong paths
    if (target.body)
      arbitraries.push(
        params
          ? fc.oneof({ arbitrary: fieldCase(target), weight: 4 }, { arbitrary: params, weight: 1 })
          : fieldCase(target),
      );
    else if (params) arbitraries.push(params);
  }
  return fc.oneof(...arbitraries);
}

/** What the sweep's requests need: the visitor's browser with a session, and real ids for path parameters. */
export interface SweepContext {
  server: TestServer;
  visitor: Browser;
  params: Record<string, string>;
}

/** A test server with no rate limits (every request is judged on what it carries) and the sweep's context on it. */
export async function startSweep(database: TestDatabaseName): Promise<SweepContext> {
  const server = await startTestServer(database, { env: NO_RATE_LIMITS });
  const visitor = new Browser(server.url);
  const host = server.tenant('shop').host;
  const anonymous = await visitor.post(host, '/auth/anonymous');
  expect(anonymous.status, anonymous.text).toBe(201);
  // Things that exist, so that a path parameter made wrong is the only thing wrong.
  const draft = await visitor.put(host, '/api/v1/tokens/drafts/Sweep', TOKEN_TREE);
  expect(draft.status, draft.text).toBe(201);
  const key = await server.api('acme', 'POST', '/api/v1/keys', { role: 'viewer', label: 'sweep' });
  expect(key.status, key.text).toBe(201);
  const invitation = await server.api('acme', 'POST', '/api/v1/invitations', {
    email: 'invited@example.test',
    role: 'viewer',
  });
  expect(invitation.status, invitation.text).toBe(201);
  const claim = await server.api('acme', 'POST', `/api/v1/tenants/${server.tenant('shop').id}/domains`, {
    domain: 'shop.sweep.example',
  });
  expect(claim.status, claim.text).toBe(201);
  return {
    server,
    visitor,
    params: {
      draft: 'Sweep',
      tenant: server.tenant('shop').id,
      domain: 'shop.sweep.example',
      key: key.json().id,
      invitation: invitation.json().id,
    },
  };
}

export function sendSweep(context: SweepContext, sweep: SweepCase): Promise<HttpResponse> {
  const target = SWEEP_TARGETS.find((t) => t.name === sweep.target)!;
  const path = target.path.replace(/:(\w+)/g, (_, name: string) =>
    sweep.param?.name === name ? sweep.param.value : encodeURIComponent(context.params[name]!),
  );
  const headers: Record<string, string> = sweep.body !== undefined ? { 'content-type': 'application/json' } : {};
  if (target.caller === 'visitor') {
    return context.visitor.request({
      method: target.method,
      host: context.server.tenant('shop').host,
      path,
      headers,
      ...(sweep.body !== undefined ? { body: sweep.body } : {}),
    });
  }
  return context.server.apiAs(
    context.server.keys.acme!,
    context.server.tenant('acme').host,
    target.method,
    path,
    sweep.body,
    headers,
  );
}

/** A refusal: a 4xx in the contract's error shape — or, for validation only, 200 with `ok: false`. Never a 5xx. */
export function expectSweepRefused(response: HttpResponse, sweep: SweepCase): void {
  const what = `${sweep.target}, ${sweep.kind}: ${sweep.param ? `${sweep.param.name}=${sweep.param.value.slice(0, 60)} ` : ''}${(sweep.body ?? '').slice(0, 160)}`;
  expect(response.status, `${what} → ${response.text.slice(0, 300)}`).toBeLessThan(500);
  if (response.status === 200 && sweep.target === 'validate') {
    expect(response.json().ok, what).toBe(false);
    return;
  }
  expect(response.status, `${what} → ${response.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  const { error } = response.json();
  expect(typeof error?.code, what).toBe('string');
  expect(typeof error?.message, what).toBe('string');
  expect(response.text, what).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

/**
 * Every table's rows as one digest each (read as the owner), so "nothing stored" covers what no endpoint shows. Left
 * out: columns every request may touch (a key's last use, a session's expiry) and rendered artifacts (a read may build them).
 */
export async function databaseDigest(server: TestServer): Promise<Record<string, string>> {
  return server.db.asSystem(async (tx) => {
    const tables = await rows<{ name: string }>(
      tx,
      sql`select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'theme_artifacts' order by 1`,
    );
    const digest: Record<string, string> = {};
    for (const { name } of tables) {
      const [row] = await rows<{ n: number; h: string }>(
        tx,
        sql`
        select count(*)::int as n, md5(coalesce(string_agg(r, '|' order by r), '')) as h
        from (select (to_jsonb(t) - 'last_used_at' - 'expires_at')::text as r from ${sql.identifier(name)} t) s`,
      );
      digest[name] = `${row!.n}:${row!.h}`;
    }
    return digest;
  });
}
