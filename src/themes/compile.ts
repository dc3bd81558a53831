// From a tenant's chain of published layers to the bytes it serves. Pure apart from Web Crypto hashing, so it runs
// the same in the Worker and in Node.
import { composeTheme, parseLayer, type ComposeResult } from '../engine/index.ts';
import { emitAccessibility, emitOverlay, joinCss, toDtcgTree, toFlat } from '../engine/emit/light.ts';
import type { CatalogTheme, Layer, MergedTheme, Policy, Violation } from '../engine/types.ts';
import type { StoredArtifact } from '../db/queries/artifacts.ts';
import type { Platform } from './platform.ts';

export type { StoredArtifact } from '../db/queries/artifacts.ts';

/** One tenant on a chain, root first, with its published layer (null content: nothing published). */
export interface ChainMember {
  tenantId: string;
  tier: 0 | 1 | 2;
  version: number | null;
  content: unknown;
  theme: string | null;
}

export type ThemeFormat = 'css' | 'tailwind' | 'json' | 'flat';

export interface Rendered {
  body: string;
  /** Strong validator: a hash of the body. */
  etag: string;
}

export interface CompiledTheme {
  /** Identifies the chain's versions and the base build: the immutable `/theme/<key>.css` and the cache key. */
  key: string;
  css: Rendered;
  tailwind: Rendered;
  json: Rendered;
  flat: Rendered;
}

const SOURCE_OF_TIER = { 0: 't0', 1: 't1', 2: 't2' } as const satisfies Record<ChainMember['tier'], Layer['source']>;

/** The engine's inputs for a chain: the layers in cascade order and the catalog theme a partner selected. */
export function chainInputs(
  platform: Pick<Platform, 'findTheme'>,
  chain: readonly ChainMember[],
): { layers: Layer[]; theme: CatalogTheme | null } {
  const layers: Layer[] = [];
  let theme: CatalogTheme | null = null;
  for (const member of chain) {
    if (member.tier === 1 && member.theme) theme = platform.findTheme(member.theme);
    if (member.content !== null && member.content !== undefined) {
      layers.push({ source: SOURCE_OF_TIER[member.tier], tokens: member.content });
    }
  }
  return { layers, theme };
}

/**
 * What is wrong with a submitted tree before it joins a chain. JSON `null` would read there as "nothing published" and
 * skip validation altogether; the engine refuses it like any other root that is not an object.
 */
export function submittedTreeViolations(tier: ChainMember['tier'], tokens: unknown): Violation[] {
  return tokens === null ? parseLayer({ source: SOURCE_OF_TIER[tier], tokens }).parsed.violations : [];
}

/** Compose a chain for validation (all rules unless `rules` narrows them). */
export function composeChain(
  platform: Pick<Platform, 'base' | 'findTheme'>,
  chain: readonly ChainMember[],
  options: { policy?: Policy | null; rules?: ComposeResult['violations'][number]['rule'][] } = {},
): ComposeResult {
  const { layers, theme } = chainInputs(platform, chain);
  return composeTheme(platform.base, layers, {
    theme,
    policy: options.policy ?? null,
    ...(options.rules ? { rules: options.rules } : {}),
  });
}

const encoder = new TextEncoder();

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * The cache key of a chain: the base build and the published version of each member that has a layer. Members
 * without one change nothing, so every tenant whose chain carries the same layers — a partner and its customers
 * without overrides — shares one key and one compiled theme. A hash: it reveals nothing of the chain.
 */
export async function chainKey(
  platform: Platform,
  chain: readonly Pick<ChainMember, 'tenantId' | 'version'>[],
): Promise<string> {
  const parts = [
    platform.baseHash,
    ...chain.filter((m) => m.version !== null).map((m) => `${m.tenantId}:${m.version}`),
  ];
  return (await sha256Hex(parts.join('|'))).slice(0, 24);
}

async function rendered(body: string): Promise<Rendered> {
  return { body, etag: `"${(await sha256Hex(body)).slice(0, 32)}"` };
}

/**
 * What a merged theme adds over the base — its changed declarations, then its accessibility blocks (every theme,
 * the base's own included, carries them last) — and its JSON documents.
 */
export function emitTheme(platform: Platform, theme: MergedTheme): Omit<StoredArtifact, 'key'> {
  const overlay = emitOverlay(platform.base.theme, theme);
  return {
    overlayCss: joinCss(overlay.css, emitAccessibility(theme, platform.base.governance)),
    overlayTailwind: overlay.tailwind,
    json: JSON.stringify(toDtcgTree(theme)),
    flat: JSON.stringify(toFlat(theme)),
  };
}

/** Build a chain's artifact. Layers were validated when they were written, so this only merges and emits. */
export function buildArtifact(platform: Platform, chain: readonly ChainMember[], key: string): StoredArtifact {
  const { theme } = composeChain(platform, chain, { rules: [] });
  return { key, ...emitTheme(platform, theme) };
}

/** The served bodies of a stored artifact: the base build followed by the tenant's overlay. */
export async function renderArtifact(platform: Platform, artifact: StoredArtifact): Promise<CompiledTheme> {
  const [css, tailwind, json, flat] = await Promise.all([
    rendered(joinCss(platform.baseCss, artifact.overlayCss)),
    rendered(joinCss(platform.baseTailwind, artifact.overlayTailwind)),
    rendered(artifact.json),
    rendered(artifact.flat),
  ]);
  return { key: artifact.key, css, tailwind, json, flat };
}

// Compiled themes are kept and shared by the directory; the preview asks for the same one's merge repeatedly.
const mergedOfCompiled = new WeakMap<CompiledTheme, MergedTheme>();

/**
 * The merged theme a compiled theme was emitted from, read back from its theme.json (every token with its own type,
 * whole-value aliases kept) as one layer over the base: what the preview needs to show the theme's variants without
 * going back to the database for the chain. The accessibility blocks emitted from it equal the served ones (tested).
 */
export function mergedThemeOf(platform: Pick<Platform, 'base'>, compiled: CompiledTheme): MergedTheme {
  let theme = mergedOfCompiled.get(compiled);
  if (theme === undefined) {
    const tokens: unknown = JSON.parse(compiled.json.body);
    theme = composeTheme(platform.base, [{ source: 't0', tokens }], { theme: null, policy: null, rules: [] }).theme;
    mergedOfCompiled.set(compiled, theme);
  }
  return theme;
}
