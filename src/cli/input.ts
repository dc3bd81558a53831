// Reading what a designer points the CLI at: a JSON file, `-` (stdin), or a directory of token files.
// Problems are UnusableInput (exit 2) with a sentence naming the file and, for bad JSON, the line and column.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Input the command cannot use at all (exit 2), as opposed to tokens that break rules (exit 1). */
export class UnusableInput extends Error {}

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
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new UnusableInput(`cannot read ${what} ${path}: ${why}`);
  }
}

/** `JSON.parse` with the failure as UnusableInput naming the file, line and column. */
export function parseJson(text: string, shown: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      where = ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
    }
    throw new UnusableInput(`${what} ${shown} is not valid JSON${where}: ${message.replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?/, '')}`);
  }
}

/** A JSON file, or stdin for `-`. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  return parseJson(await readText(path, what), path === '-' ? '(stdin)' : path, what);
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
export async function readTokenFiles(paths: readonly string[]): Promise<{ name: string; tree: unknown }[]> {
  const files: { name: string; tree: unknown }[] = [];
  for (const path of paths) {
    if (path !== '-' && (await stat(path).catch(() => null))?.isDirectory()) {
      const found = await jsonFilesUnder(path);
      if (found.length === 0) throw new UnusableInput(`the directory ${path} has no .json files`);
      for (const file of found) files.push({ name: file, tree: await readJsonFile(file, 'token file') });
    } else {
      files.push({ name: path, tree: await readJsonFile(path, 'token file') });
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
    const name = relative(dir, file).replace(/\.json$/, '').split('\\').join('/');
    Object.defineProperty(out, name, { value: await readJsonFile(file, 'Tokens Studio file'), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
