// The OpenAPI 3.1 document, built from the operation table (operations.ts): request bodies are the zod schemas the
// routes validate with, converted by zod's own `z.toJSONSchema` (JSON Schema 2020-12, OpenAPI 3.1's dialect), and
// every failure a request can meet — from the middleware in front of the route as much as from its handler — is
// listed per status with its error codes. Pure data, built once per process: the same on Node and in the Worker.
import { z } from 'zod';
import { policySchema } from '../../engine/policy-schema.ts';
import { MAX_BODY_BYTES } from '../body.ts';
import { operations, type Operation, type RequestBody, type SuccessResponse } from './operations.ts';
import * as out from './responses.ts';

type Json = Record<string, unknown>;

const COMPONENT = '#/components/schemas/';

const MEDIA_TYPE = {
  json: 'application/json',
  css: 'text/css',
  html: 'text/html',
  javascript: 'text/javascript',
} as const;

/** `/tenants/:id` → `/tenants/{id}`. */
export function openApiPath(routerPath: string): string {
  return routerPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** Every schema of responses.ts is a named component (nested ones become `$ref`s); the policy is one too. */
function responseRegistry(): { registry: z.core.$ZodRegistry<{ id: string }>; names: Map<z.ZodType, string> } {
  const registry = z.registry<{ id: string }>();
  const names = new Map<z.ZodType, string>();
  const add = (schema: z.ZodType, id: string) => {
    registry.add(schema, { id });
    names.set(schema, id);
  };
  for (const [key, schema] of Object.entries(out)) add(schema, pascal(key));
  add(policySchema, 'Policy');
  return { registry, names };
}

/** Request bodies, as the routes read them (zod's input side: defaults make fields optional). */
function requestRegistry(): { registry: z.core.$ZodRegistry<{ id: string }>; names: Map<z.ZodType, string> } {
  const registry = z.registry<{ id: string }>();
  const names = new Map<z.ZodType, string>();
  for (const op of operations) {
    if (!op.body || names.has(op.body.schema)) continue;
    const id = op.body.schema === out.tokenTree ? 'TokenTree' : `${pascal(op.operationId)}Body`;
    registry.add(op.body.schema, { id });
    names.set(op.body.schema, id);
  }
  return { registry, names };
}

/** The JSON Schemas of a registry, each without the `$schema`/`$id` zod adds (the document's dialect applies). */
function componentSchemas(registry: z.core.$ZodRegistry<{ id: string }>, io: 'input' | 'output'): Record<string, Json> {
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `${COMPONENT}${id}` }) as {
    schemas: Record<string, Json>;
  };
  const clean: Record<string, Json> = {};
  for (const [id, { $schema: _schema, $id: _id, ...schema }] of Object.entries(schemas)) clean[id] = schema;
  return clean;
}

const ref = (name: string) => ({ $ref: `${COMPONENT}${name}` });

/** Status → error codes: the operation's own, and those of the middleware in front of it. */
function errorCodes(op: Operation): Map<number, Set<string>> {
  const codes = new Map<number, Set<string>>();
  const add = (status: number, ...list: string[]) => {
    const set = codes.get(status) ?? new Set<string>();
    for (const code of list) set.add(code);
    codes.set(status, set);
  };
  const writes = op.method !== 'get';
  add(400, 'invalid_path', 'invalid_query');
  add(500, 'internal_error');
  if (op.scope !== 'hostless') {
    add(403, 'tenant_suspended', 'tenant_decommissioned');
    add(404, 'unknown_host');
    add(503, 'database_unavailable');
  }
  if (op.scope === 'api') {
    add(401, 'unauthenticated');
    if (op.credentials === 'required' || op.credentials === 'session') add(403, 'forbidden');
  }
  if (op.scope === 'auth') add(404, 'not_found');
  if ((op.scope === 'api' || op.scope === 'auth') && writes) add(403, 'csrf');
  if (op.limited) add(429, 'rate_limited');
  if (op.ifMatch) {
    add(400, 'invalid_if_match');
    add(412, 'version_conflict');
  }
  if (op.body) {
    add(400, 'invalid_json');
    add(413, 'payload_too_large');
    add(415, 'unsupported_media_type');
    if (!op.body.verdict) add(422, op.body.tokens ? 'invalid_tokens' : 'invalid_request');
  }
  for (const [status, list] of Object.entries(op.errors ?? {})) add(Number(status), ...list);
  return codes;
}

function successResponse(response: SuccessResponse, names: Map<z.ZodType, string>, op: Operation): Json {
  const headers = Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([name, description]) => [
      name,
      { description, schema: { type: 'string' } },
    ]),
  );
  const content = (() => {
    if (response.media === 'none') return undefined;
    if (response.media !== 'json') return { [MEDIA_TYPE[response.media]]: { schema: { type: 'string' } } };
    const name = response.schema ? names.get(response.schema) : undefined;
    if (!name) throw new Error(`${op.operationId}: a JSON response needs a schema exported from responses.ts`);
    return { [MEDIA_TYPE.json]: { schema: ref(name) } };
  })();
  return {
    description: response.description,
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(content ? { content } : {}),
  };
}

function errorResponse(codes: Set<string>): Json {
  const list = [...codes].sort();
  return {
    description: `Error code${list.length === 1 ? '' : 's'}: ${list.map((code) => `\`${code}\``).join(', ')}.`,
    content: {
      [MEDIA_TYPE.json]: {
        schema: { allOf: [ref('ErrorEnvelope')], properties: { error: { properties: { code: { enum: list } } } } },
      },
    },
  };
}

function requestBody(body: RequestBody, names: Map<z.ZodType, string>): Json {
  const name = names.get(body.schema);
  if (!name) throw new Error('a request body schema without a name');
  const types = body.tokens ? ['application/json', 'application/design-tokens+json'] : ['application/json'];
  return {
    required: !body.optional,
    description: `JSON, at most ${MAX_BODY_BYTES / 1024} KiB.`,
    content: Object.fromEntries(types.map((type) => [type, { schema: ref(name) }])),
  };
}

const SECURITY: Record<Operation['credentials'], Json[]> = {
  none: [],
  optional: [{}, { apiKey: [] }, { session: [] }],
  required: [{ apiKey: [] }, { session: [] }],
  session: [{ session: [] }],
};

function operationObject(
  op: Operation,
  responseNames: Map<z.ZodType, string>,
  requestNames: Map<z.ZodType, string>,
): Json {
  const parameters: Json[] = [];
  for (const [name, { description }] of Object.entries(op.params ?? {})) {
    parameters.push({ name, in: 'path', required: true, description, schema: { type: 'string' } });
  }
  for (const [name, { description }] of Object.entries(op.query ?? {})) {
    parameters.push({ name, in: 'query', required: false, description, schema: { type: 'string' } });
  }
  if (op.ifMatch) {
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      schema: { type: 'string' },
      description:
        'The quoted version you last read (`"3"`): the write is refused with 412 if the state moved on. `*` or absent: no precondition.',
    });
  }
  if (304 in op.responses) {
    parameters.push({
      name: 'If-None-Match',
      in: 'header',
      required: false,
      schema: { type: 'string' },
      description: 'An `ETag` you hold: 304 when it is current.',
    });
  }
  const responses: Record<string, Json> = {};
  for (const [status, response] of Object.entries(op.responses))
    responses[status] = successResponse(response, responseNames, op);
  for (const [status, codes] of errorCodes(op)) responses[String(status)] ??= errorResponse(codes);
  const body = op.body ? { requestBody: requestBody(op.body, requestNames) } : {};
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: `**Who:** ${op.access}.`,
    'x-livery-access': op.access,
    security: SECURITY[op.credentials],
    ...(parameters.length ? { parameters } : {}),
    ...body,
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
  };
}

function buildDocument(): Json {
  const responseSide = responseRegistry();
  const requestSide = requestRegistry();
  const schemas = { ...componentSchemas(responseSide.registry, 'output') };
  for (const [id, schema] of Object.entries(componentSchemas(requestSide.registry, 'input'))) {
    if (id in schemas && JSON.stringify(schemas[id]) !== JSON.stringify(schema))
      throw new Error(`two different schemas named ${id}`);
    schemas[id] = schema;
  }
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of operations) {
    const path = (paths[openApiPath(op.path)] ??= {});
    if (path[op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is listed twice`);
    path[op.method] = operationObject(op, responseSide.names, requestSide.names);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Livery API',
      version: 'v1',
      description:
        "Design-token governance and theming. The tenant is the one the `Host` header names: call the API on the tenant's own host. " +
        'Errors are `{"error": {code, message, requestId, ...details}}`; validation problems are 422 `invalid_tokens` with every violation.',
    },
    servers: [{ url: '/', description: 'The tenant host you call (platform, partner or customer).' }],
    tags: [
      { name: 'Public', description: 'Any visitor of a tenant host.' },
      { name: 'Tokens', description: 'The override layer, its history, theme selection and customer policy.' },
      { name: 'Drafts', description: "A browser session's saved override trees." },
      { name: 'Tenancy', description: 'Tenants, domains, sign-in providers, API keys, invitations and the audit log.' },
      { name: 'Auth', description: 'Sessions: anonymous, preview, OAuth sign-in, full account.' },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: "`Authorization: Bearer <api key>`: a key of this host's tenant.",
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'livery_session',
          description:
            'The session cookie set by `/auth/*` (`__Host-livery_session` on hosts served over HTTPS). ' +
            'Writes with it need a same-origin `Origin` header (else 403 `csrf`).',
        },
      },
    },
  };
}

let built: Json | undefined;

/** The document (built on first use, then shared). */
export function openApiDocument(): Json {
  built ??= buildDocument();
  return built;
}
