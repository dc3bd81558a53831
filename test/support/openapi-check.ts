// Checks a response against the OpenAPI document the app serves: a documented route must answer with a documented
// status, with the documented media type, and a JSON body valid against the documented schema (ajv, JSON Schema
// 2020-12, which OpenAPI 3.1 uses). The test servers run every response through it (test/support/server.ts), so the
// document cannot drift from what the suites see.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { openApiDocument } from '../../src/http/openapi/document.ts';
import type { HttpRequest, HttpResponse } from './http.ts';

type Json = Record<string, any>;

const DOCUMENT_ID = 'livery-openapi.json';

interface Route {
  template: string;
  pattern: RegExp;
  params: number;
  operations: Json;
}

export class OpenApiResponseChecker {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  readonly #routes: Route[];
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(document: Json) {
    this.#ajv.addSchema(document, DOCUMENT_ID);
    this.#routes = Object.entries(document.paths as Json).map(([template, operations]) => ({
      template,
      operations,
      params: (template.match(/\{/g) ?? []).length,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
    // A literal path wins over a template that also matches it.
    this.#routes.sort((a, b) => a.params - b.params);
  }

  /** The documented route for a request path (query ignored), or undefined. */
  route(path: string): Route | undefined {
    // As the server reads it: dot segments resolved (`/drafts/.` is `/drafts/`), the query dropped.
    const bare = new URL(path, 'http://host.invalid').pathname;
    return this.#routes.find((r) => r.pattern.test(bare));
  }

  /** Throws, naming the request and what does not match, unless the response is what the document says. */
  check(method: string, path: string, response: HttpResponse): void {
    const verb = method.toLowerCase();
    const route = this.route(path);
    const operation = route?.operations[verb] as Json | undefined;
    if (!route || !operation) return; // not a documented operation (unknown paths, HEAD, OPTIONS)
    const where = `${method.toUpperCase()} ${path} → ${response.status}`;
    const fail = (what: string): never => {
      throw new Error(
        `${where} does not match the OpenAPI document (${verb} ${route.template}): ${what}\nbody: ${response.text.slice(0, 600)}`,
      );
    };
    const documented = (operation.responses as Json)[String(response.status)] as Json | undefined;
    if (!documented)
      return fail(
        `status ${response.status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`,
      );
    const content = documented.content as Json | undefined;
    if (!content) {
      if (response.text !== '') fail('the document says there is no body, but there is one');
      return;
    }
    const type = (response.header('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (!(type in content))
      return fail(`content type "${type}" is not documented (documented: ${Object.keys(content).join(', ')})`);
    if (type !== 'application/json') return;
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return fail('the body is not JSON');
    }
    const validate = this.#validator(`${verb} ${route.template} ${response.status}`, content[type].schema as Json);
    if (!validate(body)) {
      const problems = (validate.errors ?? [])
        .slice(0, 8)
        .map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
      fail(problems.join('; '));
    }
  }

  #validator(key: string, schema: Json): ValidateFunction {
    let validate = this.#validators.get(key);
    if (!validate) {
      // The document's references are local to it (`#/components/schemas/X`): point them at the document added above.
      const rebased = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/', `"${DOCUMENT_ID}#/components/`),
      ) as Json;
      validate = this.#ajv.compile(rebased);
      this.#validators.set(key, validate);
    }
    return validate;
  }
}

let shared: OpenApiResponseChecker | undefined;

/** The checker for the document the app serves (built once per test process). */
export function openApiChecker(): OpenApiResponseChecker {
  shared ??= new OpenApiResponseChecker(openApiDocument());
  return shared;
}

/** The shape test/support/http.ts calls for every response from a checked server. */
export function checkAgainstOpenApi(request: HttpRequest, response: HttpResponse): void {
  openApiChecker().check(request.method ?? 'GET', request.path, response);
}
