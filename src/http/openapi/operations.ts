// Every operation the app serves, as data: method, path, who may call it, the request body schema (the very zod
// object the route validates with), the success responses and the error codes each status can carry. document.ts
// turns this table into OpenAPI 3.1; test/http/openapi.test.ts checks it against the app's own route list.
import type { z } from 'zod';
import { policySchema } from '../../engine/policy-schema.ts';
import { completeBody, previewBody } from '../routes/auth.ts';
import { invitationBody } from '../routes/invitations.ts';
import { domainBody, keyCreateBody, providersBody, tenantCreateBody, tenantUpdateBody } from '../routes/tenancy.ts';
import { rollbackBody, themeSelectionBody } from '../routes/tokens.ts';
import * as out from './responses.ts';

export type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';

/**
 * Which middleware stands in front of the route, and so which failures any request may meet: `hostless` routes
 * answer on every host without the database; `tenant` routes resolve the Host first; `api` routes also read the
 * credentials (a malformed or unknown API key is 401 even where none is needed); `auth` routes are the sign-in flow.
 */
export type Scope = 'hostless' | 'tenant' | 'api' | 'auth';

/** How the caller proves who it is: nobody needs to, optionally a key or session, a key or session, or a session. */
export type Credentials = 'none' | 'optional' | 'required' | 'session';

export type Media = 'json' | 'css' | 'html' | 'javascript' | 'none';

export interface SuccessResponse {
  description: string;
  media: Media;
  schema?: z.ZodType;
  headers?: Record<string, string>;
}

export interface RequestBody {
  schema: z.ZodType;
  /** A token tree: also accepted as application/design-tokens+json, and refused as `invalid_tokens`. */
  tokens?: boolean;
  /** The body may be left out entirely. */
  optional?: boolean;
  /** Problems in the tree are the answer (200 `ok: false`), not a 422. */
  verdict?: boolean;
}

export interface Parameter {
  description: string;
  schema?: z.ZodType;
}

export interface Operation {
  method: Method;
  /** As the router spells it: `/api/v1/tenants/:id`. */
  path: string;
  operationId: string;
  tag: 'Public' | 'Tokens' | 'Drafts' | 'Tenancy' | 'Auth';
  summary: string;
  /** Who may call it, in one phrase. */
  access: string;
  scope: Scope;
  credentials: Credentials;
  /** Rate-limited per client address (429 `rate_limited`). */
  limited?: boolean;
  /** Honours `If-Match: "<version>"` (412 `version_conflict`, 400 `invalid_if_match`). */
  ifMatch?: boolean;
  params?: Record<string, Parameter>;
  query?: Record<string, Parameter>;
  body?: RequestBody;
  responses: Record<number, SuccessResponse>;
  /** Failures particular to this operation: status → error codes (the common ones are added by document.ts). */
  errors?: Record<number, string[]>;
}

const json = (description: string, schema: z.ZodType, headers?: Record<string, string>): SuccessResponse => ({
  description,
  media: 'json',
  schema,
  ...(headers ? { headers } : {}),
});
const noContent = (description: string): SuccessResponse => ({ description, media: 'none' });
const redirect = (description: string): SuccessResponse => ({
  description,
  media: 'none',
  headers: { location: 'Where to go next.' },
});
const VERSION_ETAG = { etag: 'The current version, quoted: send it back as `If-Match`.' };
const THEME_HEADERS = {
  etag: 'The version of this rendering; send it as `If-None-Match` for a 304.',
  'cache-control': '`public, max-age=<n>, stale-while-revalidate=<n>, stale-if-error=<n>`.',
};
const notModified = (): SuccessResponse => ({
  description: 'The `If-None-Match` tag is current; no body.',
  media: 'none',
  headers: { etag: THEME_HEADERS.etag },
});
const tokenTreeBody: RequestBody = { schema: out.tokenTree, tokens: true };

export const operations: Operation[] = [
  // Public
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    tag: 'Public',
    summary: 'Whether the service and its database answer.',
    access: 'anyone, on any host',
    scope: 'hostless',
    credentials: 'none',
    responses: {
      200: json('The database answered.', out.health),
      503: json('The database does not answer.', out.healthDown),
    },
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'openApiDocument',
    tag: 'Public',
    summary: 'This API as an OpenAPI 3.1 document.',
    access: 'anyone, on any host',
    scope: 'hostless',
    credentials: 'none',
    responses: { 200: json('The document (the same on every host).', out.openApiDocument) },
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'apiReference',
    tag: 'Public',
    summary: 'This API reference as an HTML page.',
    access: 'anyone, on any host',
    scope: 'hostless',
    credentials: 'none',
    responses: { 200: { description: 'The reference, rendered from the OpenAPI document.', media: 'html' } },
  },
  {
    method: 'get',
    path: '/theme.css',
    operationId: 'themeCss',
    tag: 'Public',
    summary: 'The merged theme as CSS custom properties.',
    access: 'anyone',
    scope: 'tenant',
    credentials: 'none',
    responses: {
      200: {
        description: 'The theme.',
        media: 'css',
        headers: { ...THEME_HEADERS, link: '`</theme/<key>.css>; rel="canonical"`: the same CSS at an immutable URL.' },
      },
      304: notModified(),
    },
  },
  {
    method: 'get',
    path: '/theme.tailwind.css',
    operationId: 'themeTailwind',
    tag: 'Public',
    summary: 'The merged theme as a Tailwind v4 `@theme` block.',
    access: 'anyone',
    scope: 'tenant',
    credentials: 'none',
    responses: {
      200: { description: 'The Tailwind theme.', media: 'css', headers: THEME_HEADERS },
      304: notModified(),
    },
  },
  {
    method: 'get',
    path: '/theme.json',
    operationId: 'themeJson',
    tag: 'Public',
    summary: 'The merged theme as a DTCG tree, or flat per mode.',
    access: 'anyone',
    scope: 'tenant',
    credentials: 'none',
    query: {
      format: {
        description:
          '`flat` for `{"light": {"--property": "value"}, "dark": {...}}`; omitted (or `dtcg`) for the DTCG tree.',
      },
    },
    responses: { 200: json('The theme.', out.themeJson, THEME_HEADERS), 304: notModified() },
    errors: { 400: ['invalid_format'] },
  },
  {
    method: 'get',
    path: '/theme/:file',
    operationId: 'themeImmutable',
    tag: 'Public',
    summary: 'The theme CSS at the immutable URL named by `/theme.css`.',
    access: 'anyone',
    scope: 'tenant',
    credentials: 'none',
    params: { file: { description: '`<key>.css`, the key from the `Link` header of `/theme.css`.' } },
    responses: {
      200: {
        description: 'The theme of that version; `Cache-Control: public, max-age=31536000, immutable`.',
        media: 'css',
        headers: THEME_HEADERS,
      },
      304: notModified(),
    },
    errors: { 404: ['not_found'] },
  },
  {
    method: 'get',
    path: '/preview',
    operationId: 'preview',
    tag: 'Public',
    summary: 'The theme applied to sample UI, its palette and contrast pairs.',
    access: 'anyone',
    scope: 'tenant',
    credentials: 'none',
    query: {
      mode: { description: '`dark` renders the dark mode; anything else the light one.' },
      contrast: {
        description:
          '`more` shows the `prefers-contrast: more` variant: its values applied, the pairs against their enhanced level, what it changes.',
      },
      colors: { description: '`forced` shows the `forced-colors: active` variant: the roles as system colors.' },
      simulate: {
        description:
          '`protanopia`, `deuteranopia` or `tritanopia`: the page seen through that color-vision deficiency (Machado et al. 2009).',
      },
    },
    responses: { 200: { description: 'An HTML page without scripts.', media: 'html' } },
    errors: { 400: ['invalid_query'] },
  },
  {
    method: 'get',
    path: '/studio',
    operationId: 'studio',
    tag: 'Public',
    summary: 'The studio: edit, check and publish the theme in the browser.',
    access: 'anyone (drafting starts an anonymous session; publishing needs a full account with a role)',
    scope: 'tenant',
    credentials: 'none',
    responses: {
      200: {
        description: 'An HTML page whose module script is `/studio/app.js`; `Cache-Control: no-store`.',
        media: 'html',
        headers: { 'content-security-policy': "`script-src 'self'`: no inline script." },
      },
    },
  },
  {
    method: 'get',
    path: '/studio/app.js',
    operationId: 'studioScript',
    tag: 'Public',
    summary: "The studio's browser code (one ES module, the token engine included).",
    access: 'anyone',
    scope: 'tenant',
    credentials: 'none',
    query: { v: { description: 'The bundle hash the page names: with the current one the answer is immutable.' } },
    responses: {
      200: {
        description: 'JavaScript.',
        media: 'javascript',
        headers: { 'cache-control': '`public, max-age=31536000, immutable` when `v` is current, else `no-cache`.' },
      },
    },
  },
  {
    method: 'get',
    path: '/studio/platform.json',
    operationId: 'studioPlatform',
    tag: 'Public',
    summary: "The platform's token data (base, governance, catalog): what the studio validates with in the browser.",
    access: 'anyone',
    scope: 'tenant',
    credentials: 'none',
    query: {
      v: { description: "The platform's key (in the studio page): with the current one the answer is immutable." },
    },
    responses: {
      200: json('The token data.', out.studioPlatform, {
        etag: "The platform's key; send it as `If-None-Match` for a 304.",
      }),
      304: notModified(),
    },
  },

  // Tokens
  {
    method: 'get',
    path: '/api/v1/themes',
    operationId: 'listThemes',
    tag: 'Tokens',
    summary: 'The catalog of themes a partner may select.',
    access: 'anyone',
    scope: 'api',
    credentials: 'optional',
    responses: { 200: json('The catalog.', out.catalog) },
  },
  {
    method: 'post',
    path: '/api/v1/tokens/validate',
    operationId: 'validateTokens',
    tag: 'Tokens',
    summary: 'Every check a PUT of this override tree by this tenant would run, children included; nothing is stored.',
    access: 'anyone (anonymous callers are judged as this tenant)',
    scope: 'api',
    credentials: 'optional',
    limited: true,
    body: { ...tokenTreeBody, verdict: true },
    responses: {
      200: json('The verdict: `ok`, every violation, warnings, and the descendants it would break.', out.validation),
    },
  },
  {
    method: 'get',
    path: '/api/v1/tokens/overrides',
    operationId: 'getOverrides',
    tag: 'Tokens',
    summary: "This tenant's own override layer.",
    access: 'a member of this tenant',
    scope: 'api',
    credentials: 'required',
    responses: { 200: json('The layer (`version` null before the first publish).', out.overrides, VERSION_ETAG) },
  },
  {
    method: 'put',
    path: '/api/v1/tokens/overrides',
    operationId: 'putOverrides',
    tag: 'Tokens',
    summary: "Replace this tenant's override layer with the body (a DTCG tree).",
    access: 'an admin or editor of this tenant, or its API key',
    scope: 'api',
    credentials: 'required',
    limited: true,
    ifMatch: true,
    body: tokenTreeBody,
    responses: { 200: json('Published as a new version.', out.written, VERSION_ETAG) },
    errors: { 403: ['invalid_tokens'] },
  },
  {
    method: 'get',
    path: '/api/v1/tokens/versions',
    operationId: 'listVersions',
    tag: 'Tokens',
    summary: "This tenant's published versions, newest first.",
    access: 'a member of this tenant',
    scope: 'api',
    credentials: 'required',
    responses: { 200: json('The history.', out.versions) },
  },
  {
    method: 'get',
    path: '/api/v1/tokens/versions/:version',
    operationId: 'getVersion',
    tag: 'Tokens',
    summary: 'One published version: its override tree and its record (what a diff between versions reads).',
    access: 'a member of this tenant',
    scope: 'api',
    credentials: 'required',
    params: { version: { description: 'The version number (1, 2, …).' } },
    responses: { 200: json('The version.', out.versionWithTokens) },
    errors: { 404: ['not_found'] },
  },
  {
    method: 'post',
    path: '/api/v1/tokens/rollback',
    operationId: 'rollback',
    tag: 'Tokens',
    summary: 'Restore an earlier version as a new one (validated like any write).',
    access: 'an admin of this tenant',
    scope: 'api',
    credentials: 'required',
    limited: true,
    ifMatch: true,
    body: { schema: rollbackBody },
    responses: { 200: json('Restored as a new version.', out.rolledBack) },
    errors: { 403: ['invalid_tokens'], 404: ['not_found'], 422: ['invalid_tokens'] },
  },
  {
    method: 'get',
    path: '/api/v1/tokens/theme',
    operationId: 'getThemeSelection',
    tag: 'Tokens',
    summary: 'The catalog theme this partner selected.',
    access: 'an admin or editor of a partner (T1)',
    scope: 'api',
    credentials: 'required',
    responses: { 200: json('The selection.', out.themeSelection) },
  },
  {
    method: 'put',
    path: '/api/v1/tokens/theme',
    operationId: 'putThemeSelection',
    tag: 'Tokens',
    summary: 'Select a catalog theme (or `null`), validated like any write, children included.',
    access: 'an admin or editor of a partner (T1)',
    scope: 'api',
    credentials: 'required',
    limited: true,
    ifMatch: true,
    body: { schema: themeSelectionBody },
    responses: { 200: json('Published as a new version.', out.themeSelected) },
    errors: { 403: ['invalid_tokens'], 422: ['unknown_theme', 'invalid_tokens'] },
  },
  {
    method: 'get',
    path: '/api/v1/tokens/policy',
    operationId: 'getPolicy',
    tag: 'Tokens',
    summary: 'The policy this partner sets for its customers.',
    access: 'an admin of a partner (T1)',
    scope: 'api',
    credentials: 'required',
    responses: { 200: json('The policy.', policySchema, VERSION_ETAG) },
  },
  {
    method: 'put',
    path: '/api/v1/tokens/policy',
    operationId: 'putPolicy',
    tag: 'Tokens',
    summary: 'Set the customer policy: allowed paths (with `*`) and ranges per path.',
    access: 'an admin of a partner (T1)',
    scope: 'api',
    credentials: 'required',
    limited: true,
    ifMatch: true,
    body: { schema: policySchema },
    responses: { 200: json('The policy as stored.', policySchema, VERSION_ETAG) },
  },

  // Drafts
  {
    method: 'get',
    path: '/api/v1/tokens/drafts',
    operationId: 'listDrafts',
    tag: 'Drafts',
    summary: "The caller's own drafts on this tenant.",
    access: 'any browser session, anonymous included (not an API key)',
    scope: 'api',
    credentials: 'session',
    responses: { 200: json('The drafts with their latest validation.', out.drafts) },
  },
  {
    method: 'put',
    path: '/api/v1/tokens/drafts/:name',
    operationId: 'putDraft',
    tag: 'Drafts',
    summary: 'Save an override tree as a named draft, with its validation.',
    access: 'any browser session, anonymous included (not an API key)',
    scope: 'api',
    credentials: 'session',
    limited: true,
    params: { name: { description: '1–100 letters, digits, spaces or `. _ - ( )`, starting with a letter or digit.' } },
    body: tokenTreeBody,
    responses: { 200: json('Replaced.', out.draft), 201: json('Created.', out.draft) },
    errors: { 409: ['too_many_drafts'], 422: ['invalid_draft_name'] },
  },
  {
    method: 'delete',
    path: '/api/v1/tokens/drafts/:name',
    operationId: 'deleteDraft',
    tag: 'Drafts',
    summary: "Delete one of the caller's drafts.",
    access: 'any browser session, anonymous included (not an API key)',
    scope: 'api',
    credentials: 'session',
    limited: true,
    params: { name: { description: "The draft's name." } },
    responses: { 204: noContent('Deleted.') },
    errors: { 404: ['not_found'], 422: ['invalid_draft_name'] },
  },
  {
    method: 'post',
    path: '/api/v1/invitations',
    operationId: 'createInvitation',
    tag: 'Tenancy',
    summary:
      'Invite an email with a role; the invitee signs in with a provider that verifies it and completes their account.',
    access: 'an admin of this tenant',
    scope: 'api',
    credentials: 'required',
    limited: true,
    body: { schema: invitationBody },
    responses: { 201: json('The invitation.', out.invitationCreated) },
  },
  {
    method: 'get',
    path: '/api/v1/invitations',
    operationId: 'listInvitations',
    tag: 'Tenancy',
    summary: "This tenant's invitations.",
    access: 'an admin of this tenant',
    scope: 'api',
    credentials: 'required',
    responses: { 200: json('The invitations with their status.', out.invitations) },
  },
  {
    method: 'delete',
    path: '/api/v1/invitations/:id',
    operationId: 'deleteInvitation',
    tag: 'Tenancy',
    summary: 'Withdraw a pending invitation.',
    access: 'an admin of this tenant',
    scope: 'api',
    credentials: 'required',
    limited: true,
    params: { id: { description: "The invitation's id." } },
    responses: { 204: noContent('Withdrawn.') },
    errors: { 404: ['not_found'], 409: ['invitation_accepted'] },
  },

  // Tenancy
  {
    method: 'get',
    path: '/api/v1/tenants',
    operationId: 'listTenants',
    tag: 'Tenancy',
    summary: 'The tenants the caller may see: its own and, for a platform or partner, its descendants.',
    access: 'a member of this tenant',
    scope: 'api',
    credentials: 'required',
    responses: { 200: json('The tenants.', out.tenants) },
  },
  {
    method: 'post',
    path: '/api/v1/tenants',
    operationId: 'createTenant',
    tag: 'Tenancy',
    summary: 'Create a child tenant: a partner (by the platform) or a customer (by a partner).',
    access: 'an admin of the platform (T0) or a partner (T1)',
    scope: 'api',
    credentials: 'required',
    limited: true,
    body: { schema: tenantCreateBody },
    responses: { 201: json('The new tenant.', out.tenant) },
    errors: { 409: ['slug_taken'] },
  },
  {
    method: 'patch',
    path: '/api/v1/tenants/:id',
    operationId: 'updateTenant',
    tag: 'Tenancy',
    summary: 'Rename a descendant or change its status.',
    access: 'an admin of an ancestor',
    scope: 'api',
    credentials: 'required',
    limited: true,
    params: { id: { description: "A descendant tenant's id." } },
    body: { schema: tenantUpdateBody },
    responses: { 200: json('The tenant as updated.', out.tenant) },
    errors: { 404: ['not_found'], 409: ['tenant_decommissioned'] },
  },
  {
    method: 'get',
    path: '/api/v1/tenants/:id/tokens/overrides',
    operationId: 'getTenantOverrides',
    tag: 'Tenancy',
    summary: "A descendant's published override layer, read-only (the same shape as this tenant's own).",
    access: 'a member of an ancestor (any role), or of the tenant itself',
    scope: 'api',
    credentials: 'required',
    params: { id: { description: "A descendant tenant's id (or this tenant's own)." } },
    responses: {
      200: json('The layer (`version` null before its first publish).', out.overrides, {
        etag: "The layer's version, quoted.",
      }),
    },
    errors: { 404: ['not_found'] },
  },
  {
    method: 'get',
    path: '/api/v1/tenants/:id/tokens/versions',
    operationId: 'listTenantVersions',
    tag: 'Tenancy',
    summary: "A descendant's published versions, newest first, read-only.",
    access: 'a member of an ancestor (any role), or of the tenant itself',
    scope: 'api',
    credentials: 'required',
    params: { id: { description: "A descendant tenant's id (or this tenant's own)." } },
    responses: { 200: json('The history.', out.versions) },
    errors: { 404: ['not_found'] },
  },
  {
    method: 'post',
    path: '/api/v1/tenants/:id/domains',
    operationId: 'claimDomain',
    tag: 'Tenancy',
    summary: 'Claim a custom domain for this tenant or a descendant; returns the DNS record that verifies it.',
    access: 'an admin of the platform (T0) or a partner (T1)',
    scope: 'api',
    credentials: 'required',
    limited: true,
    params: { id: { description: "This tenant's or a descendant's id." } },
    body: { schema: domainBody },
    responses: { 201: json('The claim, unverified, valid for 7 days.', out.domain) },
    errors: { 404: ['not_found'], 409: ['domain_taken'], 422: ['invalid_domain'] },
  },
  {
    method: 'delete',
    path: '/api/v1/tenants/:id/domains/:domain',
    operationId: 'removeDomain',
    tag: 'Tenancy',
    summary: 'Withdraw a claim or remove a verified mapping (the host stops resolving at once).',
    access: 'an admin of the owning tenant or an ancestor',
    scope: 'api',
    credentials: 'required',
    limited: true,
    params: { id: { description: "The owning tenant's id." }, domain: { description: 'The domain.' } },
    responses: { 204: noContent('Removed.') },
    errors: { 404: ['not_found'] },
  },
  {
    method: 'post',
    path: '/api/v1/domains/:domain/verify',
    operationId: 'verifyDomain',
    tag: 'Tenancy',
    summary: "Check the claim's DNS TXT record and, when it holds the token, verify the domain.",
    access: 'an admin of the platform (T0) or a partner (T1)',
    scope: 'api',
    credentials: 'required',
    limited: true,
    params: { domain: { description: 'The claimed domain.' } },
    responses: { 200: json('The domain, verified.', out.domain) },
    errors: { 404: ['not_found'], 409: ['claim_changed'], 410: ['claim_expired'], 422: ['verification_failed'] },
  },
  {
    method: 'get',
    path: '/api/v1/auth/providers',
    operationId: 'getProviders',
    tag: 'Tenancy',
    summary: 'The sign-in providers this partner allows its customers.',
    access: 'an admin of a partner (T1)',
    scope: 'api',
    credentials: 'required',
    responses: { 200: json('The providers.', out.providers, VERSION_ETAG) },
  },
  {
    method: 'put',
    path: '/api/v1/auth/providers',
    operationId: 'putProviders',
    tag: 'Tenancy',
    summary: 'Set the sign-in providers this partner allows its customers.',
    access: 'an admin of a partner (T1)',
    scope: 'api',
    credentials: 'required',
    limited: true,
    ifMatch: true,
    body: { schema: providersBody },
    responses: { 200: json('The providers as stored.', out.providers, VERSION_ETAG) },
  },
  {
    method: 'post',
    path: '/api/v1/keys',
    operationId: 'createKey',
    tag: 'Tenancy',
    summary: 'Create an API key; its secret is returned once.',
    access: 'an admin of this tenant',
    scope: 'api',
    credentials: 'required',
    limited: true,
    body: { schema: keyCreateBody },
    responses: { 201: json('The key with its secret.', out.keyCreated) },
  },
  {
    method: 'get',
    path: '/api/v1/keys',
    operationId: 'listKeys',
    tag: 'Tenancy',
    summary: "This tenant's API keys (without secrets).",
    access: 'an admin of this tenant',
    scope: 'api',
    credentials: 'required',
    responses: { 200: json('The keys.', out.keys) },
  },
  {
    method: 'delete',
    path: '/api/v1/keys/:id',
    operationId: 'revokeKey',
    tag: 'Tenancy',
    summary: 'Revoke an API key.',
    access: 'an admin of this tenant',
    scope: 'api',
    credentials: 'required',
    limited: true,
    params: { id: { description: "The key's id." } },
    responses: { 204: noContent('Revoked.') },
    errors: { 404: ['not_found'] },
  },
  {
    method: 'get',
    path: '/api/v1/audit',
    operationId: 'listAudit',
    tag: 'Tenancy',
    summary: 'Audit entries of this tenant and, for the platform or a partner, its descendants; newest first.',
    access: 'an admin of this tenant',
    scope: 'api',
    credentials: 'required',
    query: { limit: { description: 'How many entries, 1–1000 (default 100).' } },
    responses: { 200: json('The entries.', out.audit) },
  },

  // Auth
  {
    method: 'post',
    path: '/auth/anonymous',
    operationId: 'startAnonymous',
    tag: 'Auth',
    summary: 'Start an anonymous session (sets the session cookie).',
    access: 'anyone',
    scope: 'auth',
    credentials: 'none',
    limited: true,
    responses: {
      200: json('The browser already had a session.', out.sessionStarted),
      201: json('A new session.', out.sessionStarted),
    },
  },
  {
    method: 'post',
    path: '/auth/preview',
    operationId: 'startPreview',
    tag: 'Auth',
    summary: 'Leave an email: the same user, `level: "preview"`.',
    access: 'a browser with a session',
    scope: 'auth',
    credentials: 'session',
    limited: true,
    body: { schema: previewBody },
    responses: { 200: json('The session, now preview.', out.sessionStarted) },
    errors: { 401: ['unauthenticated'] },
  },
  {
    method: 'get',
    path: '/auth/oauth/:provider',
    operationId: 'startOAuth',
    tag: 'Auth',
    summary: 'Start signing in with a provider (state and PKCE).',
    access: 'anyone',
    scope: 'auth',
    credentials: 'none',
    limited: true,
    params: { provider: { description: '`google` or `github`.' } },
    query: { return: { description: 'A same-origin path to come back to after the sign-in.' } },
    responses: { 302: redirect("To the provider's authorization page.") },
    errors: { 403: ['provider_not_allowed'], 404: ['unknown_provider'], 503: ['oauth_unavailable'] },
  },
  {
    method: 'get',
    path: '/auth/oauth/:provider/callback',
    operationId: 'finishOAuth',
    tag: 'Auth',
    summary:
      'Where the provider returns: links the identity to the current user (or merges into the account that owns it).',
    access: 'the browser that started the sign-in',
    scope: 'auth',
    credentials: 'session',
    limited: true,
    params: { provider: { description: '`google` or `github`.' } },
    query: { code: { description: 'From the provider.' }, state: { description: 'From the provider.' } },
    responses: { 302: redirect('Back to the return path.') },
    errors: {
      400: ['invalid_state', 'oauth_failed'],
      403: ['provider_not_allowed'],
      404: ['unknown_provider'],
      409: ['session_superseded'],
      503: ['oauth_unavailable'],
    },
  },
  {
    method: 'post',
    path: '/auth/complete',
    operationId: 'completeAccount',
    tag: 'Auth',
    summary: 'Become a full account with a membership here (role from an invitation, or `viewer`).',
    access: 'a browser signed in with a provider',
    scope: 'auth',
    credentials: 'session',
    limited: true,
    body: { schema: completeBody, optional: true },
    responses: { 200: json('The account.', out.sessionCompleted) },
    errors: { 401: ['unauthenticated'], 403: ['forbidden', 'invitation_required'] },
  },
  {
    method: 'get',
    path: '/auth/session',
    operationId: 'getSession',
    tag: 'Auth',
    summary: 'The current session on this host.',
    access: 'a browser with a session',
    scope: 'auth',
    credentials: 'session',
    responses: { 200: json('The session.', out.session) },
    errors: { 401: ['unauthenticated'] },
  },
  {
    method: 'post',
    path: '/auth/logout',
    operationId: 'logout',
    tag: 'Auth',
    summary: 'End the session and clear its cookie.',
    access: 'anyone',
    scope: 'auth',
    credentials: 'none',
    limited: true,
    responses: { 204: noContent('Signed out.') },
  },
];
