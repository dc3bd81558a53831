// Every governance rule has a page in docs/rules/, and every page's examples are true: the failing file produces the
// rule's violation (with the fields the page shows), the fix produces none. See ./doc-examples.ts for the markers.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules, rulesReported } from '../../src/engine/rules/index.ts';
import { readExamples, runExample, type ExampleResult, type PageContext } from './doc-examples.ts';

const root = join(import.meta.dirname, '../..');
const rulesDir = join(root, 'docs/rules');
const pages = readdirSync(rulesDir)
  .filter((name) => name.endsWith('.md') && name !== 'README.md')
  .sort();
const index = readFileSync(join(rulesDir, 'README.md'), 'utf8');

describe('the rule pages cover the registry', () => {
  it('names an existing page for every rule object (its url)', () => {
    for (const rule of allRules) {
      expect(rule.url, rule.id).toMatch(/^docs\/rules\/[a-z_]+\.md$/);
      expect(existsSync(join(root, rule.url)), `${rule.id}: ${rule.url}`).toBe(true);
    }
  });

  it('has a page named after every rule a violation can carry', () => {
    const reported = new Set(allRules.flatMap((rule) => [...rulesReported(rule)]));
    for (const rule of reported) expect(pages, rule).toContain(`${rule}.md`);
  });

  it('lists every page in docs/rules/README.md', () => {
    for (const page of pages) expect(index, page).toContain(`](${page})`);
  });
});

describe.each(pages)('docs/rules/%s', (page) => {
  const markdown = readFileSync(join(rulesDir, page), 'utf8');
  const examples = readExamples(markdown, page);
  const pageRule = basename(page, '.md');

  it('shows a failing example, the violation it produces and a fix', () => {
    const kinds = examples.map((e) => e.kind);
    expect(kinds).toContain('fails');
    expect(kinds).toContain('violation');
    expect(kinds).toContain('passes');
  });

  it('every failing example fails with the rule, every fix passes, every shown violation is produced', async () => {
    const context: PageContext = { governance: {} };
    let last: ExampleResult | undefined;
    for (const example of examples) {
      const where = `${page}:${example.line}`;
      switch (example.kind) {
        case 'policy':
        case 'partner':
          context[example.kind] = example.body;
          break;
        case 'governance':
          context.governance[example.args[0] ?? ''] = example.body;
          break;
        case 'fails': {
          last = await runExample(example, context);
          const rule = example.options.rule || pageRule;
          expect(
            last.violations.map((v) => v.rule),
            `${where}: a ${rule} violation`,
          ).toContain(rule);
          break;
        }
        case 'passes':
          last = await runExample(example, context);
          expect(last.violations, `${where}: the fix passes`).toEqual([]);
          break;
        case 'violation':
          expect(last, `${where}: a violation block follows an example`).toBeDefined();
          expect(last!.violations, where).toContainEqual(expect.objectContaining(JSON.parse(example.body)));
          break;
        case 'warning':
          expect(last, `${where}: a warning block follows an example`).toBeDefined();
          expect(last!.warnings, where).toContainEqual(expect.objectContaining(JSON.parse(example.body)));
          break;
        case 'output': {
          expect(last, `${where}: an output block follows an example`).toBeDefined();
          const printed = last!.human.split('\n');
          for (const line of example.body.split('\n')) {
            if (line.trim() === '…' || line.startsWith('$ ')) continue;
            expect(printed, `${where}: the CLI prints this line`).toContain(line);
          }
          break;
        }
      }
    }
  });
});
