// The API reference page (`GET /docs`), rendered on the server from the OpenAPI document: every operation with its
// method, path, summary, who may call it, parameters, request body and responses, then every schema. No script and
// nothing from elsewhere (its CSP allows only its own inline style); schema references are links within the page.

// biome-ignore lint/suspicious/noExplicitAny: the page walks an OpenAPI document whose shape zod-to-JSON-Schema decides
type Json = Record<string, any>;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

/** `code` spans for backticked text; everything else escaped. */
const prose = (text: string) =>
  escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');

const COMPONENT = '#/components/schemas/';
const anchor = (name: string) => `schema-${name}`;
const schemaLink = (name: string) => `<a href="#${anchor(name)}">${escapeHtml(name)}</a>`;

/** A schema as indented JSON whose `$ref`s link to the schema they name. */
function schemaHtml(schema: unknown): string {
  const text = escapeHtml(JSON.stringify(schema, null, 2));
  return `<pre>${text.replace(
    /&quot;\$ref&quot;: &quot;#\/components\/schemas\/([A-Za-z0-9]+)&quot;/g,
    (_match, name: string) => `&quot;$ref&quot;: ${schemaLink(name)}`,
  )}</pre>`;
}

/** A short form of a response or body schema: the component it names, or the schema itself. */
function schemaSummary(schema: Json | undefined): string {
  if (!schema) return '';
  if (typeof schema.$ref === 'string') return schemaLink(schema.$ref.slice(COMPONENT.length));
  const base = schema.allOf?.[0]?.$ref as string | undefined;
  if (base) return schemaLink(base.slice(COMPONENT.length));
  return `<code>${escapeHtml(JSON.stringify(schema))}</code>`;
}

const SECURITY_TEXT: Record<string, string> = { apiKey: 'API key (Bearer)', session: 'session cookie' };

function credentials(security: Json[]): string {
  if (security.length === 0) return 'none';
  const ways = security.map(
    (entry) =>
      Object.keys(entry)
        .map((k) => SECURITY_TEXT[k] ?? k)
        .join(' + ') || 'none (optional)',
  );
  return escapeHtml(ways.join(' or '));
}

function operationHtml(path: string, method: string, op: Json): string {
  const parameters = (op.parameters ?? []) as Json[];
  const parameterRows = parameters
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}${p.required ? ', required' : ''}</td><td>${prose(p.description ?? '')}</td></tr>`,
    )
    .join('');
  const body = op.requestBody as Json | undefined;
  const bodyHtml = body
    ? `<h4>Request body${body.required ? '' : ' (optional)'}</h4><p>${prose(body.description ?? '')} ${Object.entries(
        body.content as Json,
      )
        .map(([type, media]) => `<code>${escapeHtml(type)}</code>: ${schemaSummary((media as Json).schema)}`)
        .join('; ')}</p>`
    : '';
  const responseRows = Object.entries(op.responses as Json)
    .map(([status, response]) => {
      const r = response as Json;
      const media = Object.entries((r.content ?? {}) as Json)
        .map(
          ([type, m]) =>
            `<code>${escapeHtml(type)}</code> ${type === 'application/json' ? schemaSummary((m as Json).schema) : ''}`,
        )
        .join(', ');
      const headers = Object.keys((r.headers ?? {}) as Json)
        .map((h) => `<code>${escapeHtml(h)}</code>`)
        .join(', ');
      return `<tr><td>${escapeHtml(status)}</td><td>${prose(r.description ?? '')}${headers ? ` Headers: ${headers}.` : ''}</td><td>${media}</td></tr>`;
    })
    .join('');
  const id = escapeHtml(op.operationId);
  return `<section class="op" id="${id}">
<h3><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>
<p>${prose(op.summary ?? '')}</p>
<p><strong>Who:</strong> ${prose(op['x-livery-access'] ?? '')}. <strong>Credentials:</strong> ${credentials(op.security ?? [])}.</p>
${parameterRows ? `<h4>Parameters</h4><table><tr><th>Name</th><th>In</th><th>Meaning</th></tr>${parameterRows}</table>` : ''}
${bodyHtml}
<h4>Responses</h4><table><tr><th>Status</th><th>Meaning</th><th>Body</th></tr>${responseRows}</table>
</section>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:0 auto;padding:1rem 1.5rem;color:#1b1f24}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f5f6f8;padding:.75rem;overflow:auto;border-radius:4px}
table{border-collapse:collapse;width:100%;margin:.25rem 0 1rem}td,th{border:1px solid #d5d9de;padding:.3rem .5rem;text-align:left;vertical-align:top}
.op{border-top:1px solid #d5d9de;padding-top:.5rem}.method{display:inline-block;min-width:4.5rem;font-size:13px;padding:.1rem .4rem;border-radius:3px;color:#fff;background:#475569}
.get{background:#1d4ed8}.post{background:#15803d}.put{background:#b45309}.patch{background:#7c3aed}.delete{background:#b91c1c}
nav ul{columns:2;padding-left:1.2rem}a{color:#1d4ed8}`;

/** The whole page. */
export function renderReference(document: Json): string {
  const info = document.info as Json;
  const operations: { tag: string; html: string; link: string }[] = [];
  for (const [path, item] of Object.entries(document.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      const o = op as Json;
      operations.push({
        tag: (o.tags?.[0] as string) ?? 'Other',
        html: operationHtml(path, method, o),
        link: `<li><a href="#${escapeHtml(o.operationId)}"><code>${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</code></a> — ${prose(o.summary ?? '')}</li>`,
      });
    }
  }
  const tags = (document.tags as Json[]).map((t) => t.name as string);
  const sections = tags
    .map((tag) => {
      const ops = operations.filter((o) => o.tag === tag);
      const description = (document.tags as Json[]).find((t) => t.name === tag)?.description ?? '';
      return `<h2 id="tag-${escapeHtml(tag)}">${escapeHtml(tag)}</h2><p>${prose(description)}</p>${ops.map((o) => o.html).join('\n')}`;
    })
    .join('\n');
  const schemas = Object.entries(document.components.schemas as Json)
    .map(([name, schema]) => `<h3 id="${anchor(name)}">${escapeHtml(name)}</h3>${schemaHtml(schema)}`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} reference</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
<p>${prose(info.description ?? '')}</p>
<p>The machine-readable form of this page: <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
<nav><h2>Operations</h2><ul>${operations.map((o) => o.link).join('')}</ul></nav>
${sections}
<h2 id="schemas">Schemas</h2>
${schemas}
</body></html>`;
}
