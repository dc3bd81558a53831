// DTCG 2025.10 conformance through `livery check`: every valid file (the specification's own examples, and its
// Color module's spaces) is accepted — with --strict too — and every invalid file (one MUST of the specification
// broken each, described in invalid/index.json) is refused with a violation that names the path; where Livery reads
// the file leniently, by default it accepts it with the named warning and --strict refuses it.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkTree, parseTree } from '../../src/engine/index.ts';

const run = promisify(execFile);
const FIXTURES = join(import.meta.dirname, '../fixtures/dtcg');
const CLI = join(import.meta.dirname, '../../src/cli/main.ts');
const read = (dir: string, file: string) => JSON.parse(readFileSync(join(FIXTURES, dir, file), 'utf8')) as unknown;
const files = (dir: string) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.tokens.json'))
    .sort();
const index = JSON.parse(readFileSync(join(FIXTURES, 'invalid/index.json'), 'utf8')) as Record<
  string,
  { rule: string; why: string; lenient?: string }
>;

async function livery(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [CLI, ...args]);
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe('DTCG 2025.10 conformance', () => {
  it.each(files('valid'))('accepts valid/%s, also with --strict', (file) => {
    const strict = checkTree(read('valid', file), { strict: true });
    expect(strict.violations).toEqual([]);
    // every token the file defines (with what $extends brings) is in the theme, resolved: nothing was silently dropped
    expect(strict.theme.tokens.size).toBe(parseTree(read('valid', file)).tokens.size);
    for (const token of strict.theme.tokens.values()) expect(token.resolved, token.path).toBeDefined();
  });

  it('knows why each invalid file is invalid', () => {
    expect(
      Object.keys(index)
        .map((name) => `${name}.tokens.json`)
        .sort(),
    ).toEqual(files('invalid'));
  });

  it.each(files('invalid'))('refuses invalid/%s with a violation naming a path', (file) => {
    const { rule, why, lenient } = index[file.replace(/\.tokens\.json$/, '')]!;
    const strict = checkTree(read('invalid', file), { strict: true });
    expect(strict.ok, why).toBe(false);
    expect(
      strict.violations.map((v) => v.rule),
      why,
    ).toContain(rule);
    for (const violation of strict.violations) expect(violation.path.length).toBeGreaterThan(0);
    const lenientResult = checkTree(read('invalid', file));
    if (lenient) {
      // accepted where the meaning is unambiguous, and said so
      expect(lenientResult.violations, why).toEqual([]);
      expect(
        lenientResult.warnings.map((w) => w.code),
        why,
      ).toContain(lenient);
      expect(
        strict.violations.map((v) => v.code),
        why,
      ).toContain(lenient);
    } else {
      expect(lenientResult.ok, why).toBe(false);
    }
  });

  it('gives the same answers from the command line: exit 0 for a valid directory, 1 for an invalid file, --strict included', async () => {
    const valid = await livery(
      'check',
      join(FIXTURES, 'valid', '9.8-ex58-typography.tokens.json'),
      join(FIXTURES, 'valid', '9.4-ex52-border.tokens.json'),
      '--strict',
      '--json',
    );
    expect(valid.code, valid.stdout).toBe(0);
    expect(JSON.parse(valid.stdout)).toEqual({ ok: true, violations: [], warnings: [] });
    const invalid = await livery(
      'check',
      join(FIXTURES, 'invalid', '7.2-ex34-circular-references.tokens.json'),
      '--json',
    );
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout).violations.map((v: { rule: string }) => v.rule)).toEqual([
      'alias_cycle',
      'alias_cycle',
      'alias_cycle',
    ]);
    const lenient = await livery('check', join(FIXTURES, 'invalid', '5.1-name-with-period.tokens.json'));
    expect(lenient.code).toBe(0);
    expect(
      (await livery('check', join(FIXTURES, 'invalid', '5.1-name-with-period.tokens.json'), '--strict')).code,
    ).toBe(1);
  });
});
