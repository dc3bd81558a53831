// The shapes the API answers with, as zod schemas: the OpenAPI document is generated from them (document.ts) and the
// test suites check every response they receive against that document, so a handler that changes a shape without
// changing it here fails the tests. Token trees are DTCG documents the engine governs: described loosely (an object).
import { z } from 'zod';
import { PROVIDER_IDS } from '../../auth/providers.ts';
import { RULES } from '../../engine/types.ts';

export const timestamp = z.iso.datetime().describe('An ISO 8601 timestamp in UTC.');
export const uuid = z.uuid();
const version = z.number().int().positive().describe("A version number of this tenant's published state.");
const role = z.enum(['admin', 'editor', 'viewer']);
const level = z.enum(['anonymous', 'preview', 'oauth', 'full']).describe('How far the session has graduated.');
const tier = z.union([z.literal(0), z.literal(1), z.literal(2)]).describe('0 the platform, 1 a partner, 2 a customer.');

export const tokenTree = z
  .record(z.string(), z.unknown())
  .describe('A DTCG 2025.10 token tree (groups, tokens with `$value`/`$type`, aliases).');

export const violation = z
  .object({
    path: z.string().describe('The token (or group) at fault, dot-separated; `(root)` for the tree itself.'),
    rule: z.enum(RULES),
    message: z.string(),
    fix: z.string().optional().describe('A short hint for fixing it.'),
    pair: z.tuple([z.string(), z.string()]).optional().describe('`contrast`: the foreground and background paths.'),
    mode: z.string().optional().describe('`contrast`: the mode the pair failed in.'),
    ratio: z.number().nullable().optional().describe('`contrast`: the WCAG ratio, truncated to 2 decimals.'),
    required: z.number().optional().describe('`contrast`: the minimum ratio.'),
    suggestion: z.string().nullable().optional().describe('`contrast`: a foreground color that passes.'),
  })
  .catchall(z.unknown())
  .describe('One governance problem; rule-specific details are extra properties.');

export const warning = z.object({ path: z.string(), code: z.string(), message: z.string() });

export const validation = z.object({
  ok: z.boolean(),
  violations: z.array(violation),
  warnings: z.array(warning),
  impact: z
    .array(z.object({ tenant: z.object({ id: uuid, slug: z.string() }), violations: z.array(violation) }))
    .optional()
    .describe('Descendant tenants the change would break (empty for a customer or an anonymous caller).'),
});

export const errorEnvelope = z
  .object({
    error: z
      .object({
        code: z
          .string()
          .regex(/^[a-z][a-z0-9_]*$/)
          .describe('What went wrong, in snake_case; listed per response.'),
        message: z.string().describe('One human sentence.'),
        requestId: z.string().describe('The `X-Request-Id` of this request, also in its log line.'),
        violations: z.array(violation).optional().describe('`invalid_tokens`: every violation.'),
        warnings: z.array(warning).optional(),
        issues: z
          .array(z.object({ path: z.string(), message: z.string() }))
          .optional()
          .describe('`invalid_request`: every field at fault.'),
      })
      .catchall(z.unknown()),
  })
  .describe('Every failure: `{"error": {code, message, requestId, ...details}}`.');

export const health = z.object({ ok: z.literal(true) });
export const healthDown = z.object({ ok: z.literal(false), error: errorEnvelope.shape.error });

export const flatTheme = z
  .record(z.string(), z.record(z.string(), z.string()))
  .describe('`?format=flat`: per mode, `{"--custom-property": "resolved value"}`.');

export const catalog = z.array(z.object({ name: z.string(), title: z.string(), description: z.string() }));
export const studioPlatform = z.object({
  base: tokenTree,
  governance: z.record(z.string(), z.unknown()).describe('Protected paths, contrast pairs and required tokens.'),
  catalog: z.array(z.record(z.string(), z.unknown())).describe('Each catalog theme with its token layer.'),
});

export const overrides = z.object({ version: version.nullable(), tokens: tokenTree });
export const written = z.object({ version, warnings: z.array(warning) });
export const rolledBack = written.extend({ restored: version });
const versionRecord = z.object({ version, createdAt: timestamp, author: z.string(), summary: z.string() });
export const versions = z.array(versionRecord);
export const versionWithTokens = versionRecord.extend({ tokens: tokenTree });
export const themeSelection = z.object({ theme: z.string().nullable(), version: version.nullable() });
export const themeSelected = written.extend({ theme: z.string().nullable() });

export const draft = z.object({ name: z.string(), tokens: tokenTree, validation, updatedAt: timestamp });
export const drafts = z.array(draft);

export const invitationCreated = z.object({ id: uuid, email: z.string(), role, expiresAt: timestamp });
export const invitations = z.array(
  invitationCreated.extend({
    status: z.enum(['pending', 'accepted', 'expired']),
    createdAt: timestamp,
    acceptedAt: timestamp.nullable(),
  }),
);

export const tenant = z.object({
  id: uuid,
  slug: z.string(),
  name: z.string(),
  tier,
  status: z.enum(['active', 'suspended', 'decommissioned']),
  parentId: uuid
    .nullable()
    .optional()
    .describe("Absent for the caller's own tenant (a customer never learns its partner)."),
  createdAt: timestamp,
});
export const tenants = z.array(tenant);

export const domain = z.object({
  domain: z.string(),
  tenantId: uuid,
  verified: z.boolean(),
  verifiedAt: timestamp.nullable(),
  expiresAt: timestamp.nullable().describe('When an unverified claim lapses; null once verified.'),
  verification: z
    .object({ type: z.literal('TXT'), name: z.string(), value: z.string() })
    .describe('The DNS TXT record that proves control.'),
});

export const providers = z.object({ providers: z.array(z.enum(PROVIDER_IDS)) });

export const keyCreated = z.object({
  id: uuid,
  key: z.string().describe('The secret: shown only in this response.'),
  prefix: z.string(),
  role,
  label: z.string(),
});
export const keys = z.array(
  z.object({
    id: uuid,
    prefix: z.string(),
    role,
    label: z.string(),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  }),
);

export const audit = z.array(
  z.object({
    id: z.number().int(),
    tenantId: uuid,
    actor: z.string(),
    action: z.string(),
    detail: z.unknown(),
    fromVersion: z.number().int().nullable(),
    toVersion: z.number().int().nullable(),
    createdAt: timestamp,
  }),
);

export const sessionStarted = z.object({ level, userId: uuid });
export const sessionCompleted = sessionStarted.extend({ role });
export const session = sessionStarted.extend({
  tenant: z.object({ id: uuid, slug: z.string(), tier }),
  role: role.optional().describe('Present for a full account with a membership here.'),
  providers: z.array(z.string()).describe('Sign-in providers offered on this host.'),
});

export const themeJson = z
  .union([tokenTree, flatTheme])
  .describe('The DTCG tree, or with `?format=flat` the flat form.');

export const openApiDocument = z.record(z.string(), z.unknown()).describe('An OpenAPI 3.1 document.');
