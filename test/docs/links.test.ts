// Every relative link in README.md and docs/**/*.md leads to a file of the repository (and, with a #fragment into a
// Markdown file, to one of its headings): the docs must stand alone, and a renamed file must not leave dead links.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** Markdown text without fenced code blocks (where `#` starts no heading and brackets are no links). */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '');
}

/** …and without inline code spans. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '');
}

/** Inline links `[text](target)`, targets without a title. */
function linksOf(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2 … */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = heading!.replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

const files = [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))];

describe.each(files.map((file) => [relative(root, file), file]))('links in %s', (_name, file) => {
  const markdown = readFileSync(file, 'utf8');

  it('resolve to files inside the repository, and to headings that exist', () => {
    for (const link of linksOf(markdown)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto: …
      const [path = '', fragment] = link.split('#');
      const target = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
      expect(relative(root, target).startsWith('..'), `${link}: outside the repository`).toBe(false);
      expect(existsSync(target), `${link}: no such file`).toBe(true);
      if (fragment !== undefined && target.endsWith('.md') && statSync(target).isFile()) {
        expect([...anchorsOf(readFileSync(target, 'utf8'))], `${link}: no such heading`).toContain(fragment);
      }
    }
  });

  it('name no place outside the repository', () => {
    expect(markdown).not.toMatch(/\/work\/|\.\.\/shared\b|CONTRACT\.md|PRODUCT\.md|QUALITY\.md|ARCHITECTURE\.md/);
  });
});

it('no source, test, bench or script names a place outside the repository either', () => {
  const outside = /\/work\/|\.\.\/shared\b|CONTRACT\.md|PRODUCT\.md|QUALITY\.md|ARCHITECTURE\.md/;
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return /\.(ts|js|json|jsonc|sql)$/.test(entry.name) ? [path] : [];
    });
  const files = ['src', 'test', 'bench', 'scripts', 'bin', 'migrations', '.ci'].flatMap((dir) =>
    sources(join(root, dir)),
  );
  const self = resolve(import.meta.filename);
  const offending = files.filter((file) => file !== self && outside.test(readFileSync(file, 'utf8')));
  expect(files.length).toBeGreaterThan(100);
  expect(offending.map((file) => relative(root, file))).toEqual([]);
});

it('finds the links it checks (a parser that finds none would pass everything)', () => {
  const readme = linksOf(readFileSync(join(root, 'docs/rules/README.md'), 'utf8'));
  expect(readme).toContain('contrast.md');
  expect(readme).toContain('../tokens.md#readings-that-are-not-strict-dtcg-warnings-violations-with---strict');
  expect(anchorsOf('# A `b` (c; d --e)\n## A b c d --e\n')).toEqual(new Set(['a-b-c-d---e', 'a-b-c-d---e-1']));
});
