// Reading what a designer points the CLI at: a JSON file, `-` (stdin), or a directory of token files.
// Problems are UnusableInput (exit 2) with a sentence naming the file and, for bad JSON, the line and column.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Input the command cannot use at all (exit 2), as opposed to tokens that break rules (exit 1). */
export class UnusableInput extends Error {
  /** A snake_case code for `--json` (`usage`, `unreadable_file`, `invalid_json`, …). */
  readonly code: string;
  /** Where in the file the problem is (1-based), for a JSON syntax error. */
  readonly line?: number;
  readonly column?: number;
  /** The offending lines with a caret, for people (not in `--json`). */
  readonly frame?: string;

  constructor(message: string, code = 'unusable_input', where?: { line: number; column: number; frame: string }) {
    super(message);
    this.code = code;
    if (where) {
      this.line = where.line;
      this.column = where.column;
      this.frame = where.frame;
    }
  }
}

/** A JSON file as read: its name as shown, its text (for locating tokens later) and its value. */
export interface JsonSource {
  name: string;
  text: string;
  value: unknown;
}

async function readText(path: string, what: string): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String(code ?? error);
    throw new UnusableInput(`cannot read ${what} ${path}: ${why}`, 'unreadable_file');
  }
}

/**
 * `JSON.parse` (fast, and what the file means); when it fails, the JSON parser with positions (momoa) says where,
 * and the failure is UnusableInput `invalid_json` naming the file, line and column, with a code frame.
 */
export async function parseJson(text: string, shown: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const { locateSyntaxError } = await import('./locate.ts');
    const found = await locateSyntaxError(text);
    if (!found)
      throw new UnusableInput(`${what} ${shown} is not valid JSON: ${(error as Error).message}`, 'invalid_json');
    throw new UnusableInput(
      `${what} ${shown} is not valid JSON at line ${found.line}, column ${found.column}: ${found.reason}`,
      'invalid_json',
      found,
    );
  }
}

/** A JSON file, or stdin for `-`, with its text. */
export async function readJsonSource(path: string, what: string): Promise<JsonSource> {
  const name = path === '-' ? '(stdin)' : path;
  const text = await readText(path, what);
  return { name, text, value: await parseJson(text, name, what) };
}

/** A JSON file's value, or stdin's for `-`. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  return (await readJsonSource(path, what)).value;
}

/** Every `.json` file under `dir`, sorted by path (so merging is deterministic). */
async function jsonFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const entry of await readdir(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.name.endsWith('.json')) out.push(path);
    }
  }
  return out.sort();
}

/** The token files named on the command line: files as given, directories expanded to their `.json` files. */
export async function readTokenFiles(
  paths: readonly string[],
): Promise<{ name: string; tree: unknown; text: string }[]> {
  const files: { name: string; tree: unknown; text: string }[] = [];
  const add = async (path: string) => {
    const source = await readJsonSource(path, 'token file');
    files.push({ name: source.name, tree: source.value, text: source.text });
  };
  for (const path of paths) {
    if (path !== '-' && (await stat(path).catch(() => null))?.isDirectory()) {
      const found = await jsonFilesUnder(path);
      if (found.length === 0) throw new UnusableInput(`the directory ${path} has no .json files`);
      for (const file of found) await add(file);
    } else {
      await add(path);
    }
  }
  return files;
}

/**
 * The files of a Tokens Studio multi-file export (`$metadata.json`, `$themes.json` and one file per set, the set
 * named by its path without `.json`) as the single-file export holds them: one object keyed by set name.
 */
export async function readTokensStudioDir(dir: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const file of await jsonFilesUnder(dir)) {
    const name = relative(dir, file)
      .replace(/\.json$/, '')
      .split('\\')
      .join('/');
    Object.defineProperty(out, name, {
      value: await readJsonFile(file, 'Tokens Studio file'),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** A DTCG resolver document (Resolver Module 2025.10): it names its format and lists a resolution order. */
export function isResolverDocument(
  value: unknown,
): value is { resolutionOrder: unknown[]; sets?: Record<string, unknown>; modifiers?: Record<string, unknown> } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { resolutionOrder?: unknown }).resolutionOrder)
  );
}

/**
 * The token sources a resolver document names, in its resolution order: each set's sources, and for each modifier
 * the chosen context's (`contexts[name]`, else the modifier's default, else its first). Later sources override
 * earlier ones. Source references are files relative to the resolver (`./a.tokens.json`, optionally `#/pointer`
 * into one), `#/sets/…` / `#/modifiers/…` within it, or inline token trees.
 */
export async function readResolver(
  path: string,
  contexts: Record<string, string> = {},
): Promise<{ name: string; tree: unknown }[]> {
  const document = await readJsonFile(path, 'resolver');
  if (!isResolverDocument(document))
    throw new UnusableInput(`${path} is not a DTCG resolver document (no resolutionOrder)`);
  const base = path === '-' ? process.cwd() : join(path, '..');
  const local = (pointer: string): unknown =>
    pointer
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (node, key) =>
          typeof node === 'object' && node !== null
            ? (node as Record<string, unknown>)[key.replaceAll('~1', '/').replaceAll('~0', '~')]
            : undefined,
        document,
      );
  const sources = async (list: unknown, where: string): Promise<{ name: string; tree: unknown }[]> => {
    if (!Array.isArray(list)) throw new UnusableInput(`${path}: ${where} has no list of sources`);
    const out: { name: string; tree: unknown }[] = [];
    for (const source of list) {
      const ref = typeof source === 'object' && source !== null ? (source as { $ref?: unknown }).$ref : undefined;
      if (typeof ref !== 'string') {
        out.push({ name: `${path} (${where})`, tree: source });
        continue;
      }
      const [file, fragment] = ref.split('#') as [string, string | undefined];
      if (file === '')
        throw new UnusableInput(
          `${path}: ${where} refers to ${ref} inside the resolver; sources are files or inline trees`,
        );
      const tree = await readJsonFile(join(base, file), 'token file');
      const part = fragment
        ? fragment
            .slice(1)
            .split('/')
            .reduce<unknown>(
              (node, key) =>
                typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined,
              tree,
            )
        : tree;
      if (part === undefined) throw new UnusableInput(`${path}: ${ref} points at nothing`);
      out.push({ name: join(base, file), tree: part });
    }
    return out;
  };
  const files: { name: string; tree: unknown }[] = [];
  const modifiers = new Set<string>();
  for (const item of document.resolutionOrder) {
    const ref = typeof item === 'object' && item !== null ? (item as { $ref?: unknown }).$ref : undefined;
    const entry = typeof ref === 'string' && ref.startsWith('#/') ? local(ref) : item;
    const name = typeof ref === 'string' ? ref : 'an inline entry';
    if (typeof entry !== 'object' || entry === null)
      throw new UnusableInput(`${path}: ${name} in resolutionOrder names nothing`);
    const node = entry as { sources?: unknown; contexts?: Record<string, unknown>; default?: unknown };
    if (node.contexts) {
      const modifier = typeof ref === 'string' ? ref.split('/').at(-1)! : name;
      modifiers.add(modifier);
      const names = Object.keys(node.contexts);
      const chosen = contexts[modifier] ?? (typeof node.default === 'string' ? node.default : names[0]);
      if (chosen === undefined || !Object.hasOwn(node.contexts, chosen)) {
        throw new UnusableInput(
          `${path}: the modifier ${modifier} has no context "${chosen}" (it has ${names.join(', ')})`,
        );
      }
      files.push(...(await sources(node.contexts[chosen], `${modifier}=${chosen}`)));
    } else {
      files.push(...(await sources(node.sources, name)));
    }
  }
  const unknown = Object.keys(contexts).filter((modifier) => !modifiers.has(modifier));
  if (unknown.length > 0) {
    throw new UnusableInput(
      `${path} has no modifier ${unknown.map((m) => `"${m}"`).join(', ')} (its modifiers: ${[...modifiers].join(', ') || 'none'})`,
    );
  }
  return files;
}
