// The drizzle mirror of migrations/*.sql, for typed queries. The SQL files are the source of truth
// (constraints, triggers, grants and RLS policies live there, where a reviewer sees them whole).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const timestampTz = (name: string) => timestamp(name, { withTimezone: true });

export type Tier = 0 | 1 | 2;
export type TenantStatus = 'active' | 'suspended' | 'decommissioned';
export type Role = 'admin' | 'editor' | 'viewer';
export type UserLevel = 'anonymous' | 'preview' | 'oauth' | 'full';

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tier: smallint('tier').$type<Tier>().notNull(),
  parentId: uuid('parent_id'),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  status: text('status').$type<TenantStatus>().notNull().default('active'),
  createdAt: createdAt(),
  updatedAt: timestampTz('updated_at').notNull().defaultNow(),
});

export const tenantAncestry = pgTable(
  'tenant_ancestry',
  {
    ancestorId: uuid('ancestor_id').notNull(),
    tenantId: uuid('tenant_id').notNull(),
    depth: smallint('depth').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ancestorId, t.tenantId] })],
);

export const domainMappings = pgTable('domain_mappings', {
  domain: text('domain').primaryKey(),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id),
  verificationToken: text('verification_token').notNull(),
  verifiedAt: timestampTz('verified_at'),
  createdAt: createdAt(),
  // 0010: an unverified claim's end (set by the database: 7 days after the claim); null once verified.
  expiresAt: timestampTz('expires_at'),
});

// 0009: the hosts the platform answers on (one row), read by livery_resolve_host; written by the owner only.
export const liverySettings = pgTable('livery_settings', {
  singleton: boolean('singleton').primaryKey().default(true),
  platformHost: text('platform_host').notNull(),
  partnerRoot: text('partner_root').notNull(),
  updatedAt: timestampTz('updated_at').notNull().defaultNow(),
});

export const tokenVersions = pgTable(
  'token_versions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    version: integer('version').notNull(),
    content: jsonb('content').notNull(),
    theme: text('theme'),
    author: text('author').notNull(),
    summary: text('summary').notNull().default(''),
    parentVersion: integer('parent_version'),
    contentHash: text('content_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.version] }),
    foreignKey({ columns: [t.tenantId, t.parentVersion], foreignColumns: [t.tenantId, t.version] }),
  ],
);

export const tokenHeads = pgTable(
  'token_heads',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id),
    version: integer('version').notNull(),
    updatedAt: timestampTz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.tenantId, t.version], foreignColumns: [tokenVersions.tenantId, tokenVersions.version] }),
  ],
);

export const tenantPolicies = pgTable('tenant_policies', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id),
  policy: jsonb('policy').notNull().default({}),
  providers: text('providers').array().notNull().default(sql`'{}'`),
  updatedAt: timestampTz('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by').notNull().default(''),
  // 0012: each write of the policy or the providers moves its version (If-Match)
  policyVersion: integer('policy_version').notNull().default(0),
  providersVersion: integer('providers_version').notNull().default(0),
});

// 0006: the JSON documents are text (served byte for byte); no stored etag; insert-only for livery_app.
export const themeArtifacts = pgTable(
  'theme_artifacts',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    chainKey: text('chain_key').notNull(),
    css: text('css').notNull(),
    tailwind: text('tailwind'),
    json: text('json'),
    flat: text('flat'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.chainKey] })],
);

export const auditLog = pgTable('audit_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  detail: jsonb('detail').notNull().default({}),
  fromVersion: integer('from_version'),
  toVersion: integer('to_version'),
  createdAt: createdAt(),
});

// Identity tables: shared by all tenants, reached as livery_auth (livery_app has no grant). Use through asAuth.
export const users = pgTable('users', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  level: text('level').$type<UserLevel>().notNull(),
  email: text('email'),
  name: text('name'),
  mergedInto: uuid('merged_into'),
  createdAt: createdAt(),
  updatedAt: timestampTz('updated_at').notNull().defaultNow(),
});

export const sessions = pgTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  host: text('host').notNull(),
  level: text('level').$type<UserLevel>().notNull(),
  createdAt: createdAt(),
  expiresAt: timestampTz('expires_at').notNull(),
  revokedAt: timestampTz('revoked_at'),
});

export const accounts = pgTable(
  'accounts',
  {
    provider: text('provider').notNull(),
    providerUserId: text('provider_user_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    email: text('email'),
    emailVerified: boolean('email_verified').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerUserId] })],
);

export const oauthStates = pgTable('oauth_states', {
  stateHash: text('state_hash').primaryKey(),
  provider: text('provider').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  host: text('host').notNull(),
  sessionIdHash: text('session_id_hash').notNull(),
  createdAt: createdAt(),
  expiresAt: timestampTz('expires_at').notNull(),
  consumedAt: timestampTz('consumed_at'),
  // 0007 (auth graduation): the exact redirect URI sent to the provider, and where to go after the callback.
  redirectUri: text('redirect_uri').notNull(),
  returnPath: text('return_path').notNull().default('/'),
});

// Tenant data about people.
export const memberships = pgTable(
  'memberships',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').$type<Role>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] })],
);

export const invitations = pgTable('invitations', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id),
  email: text('email').notNull(),
  role: text('role').$type<Role>().notNull(),
  // 0007: nullable — invitations are accepted by a provider-verified email, not by a link token.
  tokenHash: text('token_hash').unique(),
  createdBy: uuid('created_by'),
  expiresAt: timestampTz('expires_at').notNull(),
  acceptedAt: timestampTz('accepted_at'),
  acceptedBy: uuid('accepted_by'),
  createdAt: createdAt(),
});

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id),
  role: text('role').$type<Role>().notNull(),
  prefix: text('prefix').notNull().unique(),
  secretHash: text('secret_hash').notNull(),
  label: text('label').notNull().default(''),
  createdAt: createdAt(),
  revokedAt: timestampTz('revoked_at'),
  lastUsedAt: timestampTz('last_used_at'),
});

export const inquiries = pgTable('inquiries', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id),
  userId: uuid('user_id'),
  email: text('email').notNull(),
  message: text('message').notNull().default(''),
  createdAt: createdAt(),
});

export const drafts = pgTable(
  'drafts',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    content: jsonb('content').notNull(),
    validation: jsonb('validation'),
    updatedAt: timestampTz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId, t.name] })],
);

export const schema = {
  tenants,
  tenantAncestry,
  domainMappings,
  tokenVersions,
  tokenHeads,
  tenantPolicies,
  themeArtifacts,
  auditLog,
  users,
  sessions,
  accounts,
  oauthStates,
  memberships,
  invitations,
  apiKeys,
  inquiries,
  drafts,
  liverySettings,
};
export type Schema = typeof schema;
