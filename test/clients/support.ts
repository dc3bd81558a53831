// What the client tests share: building a tenant's theme with the real `livery build`, the README's naming rule
// (token path → theme.css custom property), and the token source data (tokens/base + a layer) as an oracle that
// does not come from our own emitted files.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO = join(import.meta.dirname, '../..');
const CLI = join(REPO, 'src/cli/main.ts');

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Tree = { [key: string]: Json };

export interface Built {
  dir: string;
  css: string;
  json: string;
  tailwind: string;
}

/** `livery build <layer> --out <dir>` exactly as a designer runs it; throws with the CLI's output unless it exits 0. */
export async function liveryBuild(dir: string, layer: Tree): Promise<Built> {
  const layerFile = join(dir, 'layer.json');
  await writeFile(layerFile, JSON.stringify(layer, null, 2));
  const out = join(dir, 'theme');
  try {
    await run(process.execPath, [CLI, 'build', layerFile, '--out', out], { cwd: dir });
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string; message: string };
    throw new Error(
      `livery build ${layerFile} failed (exit ${e.code}):\n${e.stderr ?? ''}${e.stdout ?? ''}${e.stderr || e.stdout ? '' : e.message}`,
    );
  }
  return {
    dir: out,
    css: join(out, 'theme.css'),
    json: join(out, 'theme.json'),
    tailwind: join(out, 'theme.tailwind.css'),
  };
}

/**
 * README "Output": `semantic.<mode>.a.b` → `--a-b` in the mode's block (light in `:root`, dark in
 * `[data-theme="dark"]`); any other path `x.y.z` → `--x-y-z` in `:root`. Case is kept; a `.` inside a segment
 * becomes `-`.
 */
export function cssVariable(path: readonly string[]): { mode: 'light' | 'dark' | null; name: string } {
  const join = (segments: readonly string[]) => `--${segments.map((s) => s.replaceAll('.', '-')).join('-')}`;
  if (path[0] === 'semantic' && path.length > 2) {
    const mode = path[1];
    if (mode !== 'light' && mode !== 'dark') throw new Error(`unknown mode "${mode}" in ${path.join('.')}`);
    return { mode, name: join(path.slice(2)) };
  }
  return { mode: null, name: join(path) };
}

/** A layer applied onto another tree: objects merge, a `$value` (and anything not an object) replaces. */
function deepMerge(base: Tree, layer: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    const current = out[key];
    out[key] = key !== '$value' && isObject(value) && isObject(current) ? deepMerge(current, value) : value;
  }
  return out;
}

function isObject(value: Json | undefined): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const readJson = (file: string) => JSON.parse(readFileSync(join(REPO, file), 'utf8')) as Tree;

/** The token source: tokens/base/primitive.json + semantic.json with a layer merged on top (no catalog theme). */
export function sourceTree(layer: Tree): Tree {
  return deepMerge(deepMerge(readJson('tokens/base/primitive.json'), readJson('tokens/base/semantic.json')), layer);
}

/** A token's `$value` in the source, aliases (`{a.b}`) followed. */
export function sourceValue(tree: Tree, path: string, seen: string[] = []): Json {
  if (seen.includes(path)) throw new Error(`alias cycle: ${[...seen, path].join(' → ')}`);
  let node: Json | undefined = tree;
  for (const segment of path.split('.')) node = isObject(node) ? node[segment] : undefined;
  if (!isObject(node) || !('$value' in node)) throw new Error(`the token source has no token ${path}`);
  const value = node.$value;
  const alias = typeof value === 'string' ? /^\{([^{}]+)\}$/.exec(value) : null;
  return alias ? sourceValue(tree, alias[1]!, [...seen, path]) : value;
}

/** A source dimension (`"1rem"`, `"900px"`, `{value, unit}`) in CSS px at a 16px root. */
export function sourcePx(value: Json): number {
  const [number, unit] = isObject(value) ? [Number(value.value), String(value.unit)] : splitLength(String(value));
  if (unit === 'px') return number;
  if (unit === 'rem') return number * 16;
  throw new Error(`not a px/rem dimension: ${JSON.stringify(value)}`);
}

function splitLength(text: string): [number, string] {
  const match = /^\s*(-?\d*\.?\d+(?:e[-+]?\d+)?)([a-z%]*)\s*$/i.exec(text);
  if (!match) throw new Error(`not a length: ${text}`);
  const unit = match[2]!.toLowerCase();
  if (unit === '' && Number(match[1]) !== 0) throw new Error(`a length needs a unit: ${text}`);
  return [Number(match[1]), unit || 'px'];
}
