// Reading a tokens directory (Node only): the bundled `tokens/`, or an operator's own design system named by
// LIVERY_TOKENS_DIR. The layout is described in ./tokens-data.ts; every problem is an error naming the file.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeTokenFiles } from './engine/files.ts';
import type { CatalogTheme } from './engine/types.ts';
import { catalogSchema, deepFreeze, demoFrom, parseGovernanceFiles, type TokensData } from './tokens-data.ts';

/** The tokens directory shipped with Livery. */
export const BUNDLED_TOKENS_DIR = fileURLToPath(new URL('../tokens/', import.meta.url));

export class TokensDirError extends Error {}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TokensDirError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TokensDirError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));
}

/** Reads and checks a tokens directory. Throws TokensDirError naming the file at fault. */
export function readTokensDir(dir: string, options: { demo?: boolean } = {}): TokensData {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new TokensDirError(`the tokens directory ${root} does not exist`);
  const baseFiles = jsonFiles(join(root, 'base'));
  if (baseFiles.length === 0) throw new TokensDirError(`${join(root, 'base')} has no .json token files`);
  const merged = mergeTokenFiles(baseFiles.map((path) => ({ name: path, tree: readJson(path) })));
  if (merged.violations.length > 0) throw new TokensDirError(merged.violations.map((v) => v.message).join('\n'));

  const optional = (path: string, fallback: unknown) => (existsSync(path) ? readJson(path) : fallback);
  const governance = parseGovernanceFiles((file) => optional(join(root, 'governance', file), undefined));
  if (!governance.success) throw new TokensDirError(`${join(root, 'governance')}: ${describeIssues(governance.error)}`);

  const catalogFile = join(root, 'themes', 'catalog.json');
  const entries = catalogSchema.safeParse(optional(catalogFile, []));
  if (!entries.success) throw new TokensDirError(`${catalogFile}: ${describeIssues(entries.error)}`);
  const catalog: CatalogTheme[] = entries.data.map((entry) => ({
    ...entry,
    tokens: readJson(join(root, 'themes', `${entry.name}.json`)),
  }));

  const demoFile = join(root, 'demo', 'demo.json');
  let demo: TokensData['demo'] = null;
  if (options.demo !== false && existsSync(demoFile)) {
    try {
      demo = demoFrom(readJson(demoFile), (name) => readJson(join(root, 'demo', name)), catalog);
    } catch (error) {
      if (error instanceof TokensDirError) throw error;
      throw new TokensDirError(`${demoFile}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return deepFreeze({ base: merged.tree, governance: governance.data, catalog, demo });
}

function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`)
    .join('; ');
}
