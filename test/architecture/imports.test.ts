// The import direction of src/, as code: http → themes/auth/tenancy → engine | db, with shared utilities in lib/.
// Every import (static, re-export, dynamic) of every file under src/ is read with TypeScript's parser and held
// against the rules below; a failure lists each offending import by file and line, and the rule it breaks.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'src');

interface Import {
  /** The importing file, from the repository root (`src/db/queries/keys.ts`). */
  file: string;
  line: number;
  /** The imported file, from the repository root; only imports of files under src/ are kept. */
  target: string;
  /** `import type …`, or named imports that are all `type`: no code runs across it. */
  typeOnly: boolean;
}

/** Where a file of src/ sits: its top folder (`engine`, `lib`, `http` …), `entry` for the two entry points, else its name. */
function areaOf(file: string): string {
  const [, first, second] = file.split('/');
  if (second !== undefined) return first!;
  if (first === 'node.ts' || first === 'worker.ts') return 'entry';
  return first!.replace(/\.ts$/, '');
}

interface Rule {
  /** Why the rule exists, printed with each offending import. */
  rule: string;
  applies: (from: string, file: string) => boolean;
  allows: (to: string, imp: Import) => boolean;
}

const RULES: Rule[] = [
  {
    rule: 'studio/client/ runs in the browser: it imports the engine, lib/, the studio contract and themes/compile.ts only',
    applies: (_from, file) => file.startsWith('src/studio/client/'),
    allows: (to, imp) =>
      to === 'engine' ||
      to === 'lib' ||
      imp.target.startsWith('src/studio/client/') ||
      imp.target === 'src/studio/contract.ts' ||
      imp.target === 'src/themes/compile.ts',
  },
  {
    rule: 'engine/ is pure: it imports nothing of the project outside itself (lib/ at most)',
    applies: (from) => from === 'engine',
    allows: (to) => to === 'engine' || to === 'lib',
  },
  {
    rule: 'lib/ holds neutral utilities: it imports nothing of the project',
    applies: (from) => from === 'lib',
    allows: (to) => to === 'lib',
  },
  {
    rule: "db/ imports only lib/ and the engine's types",
    applies: (from) => from === 'db',
    allows: (to, imp) => to === 'db' || to === 'lib' || (to === 'engine' && imp.typeOnly),
  },
  {
    rule: 'auth/, tenancy/ and themes/ are services: they never import http/ or cli/',
    applies: (from) => from === 'auth' || from === 'tenancy' || from === 'themes',
    allows: (to) => to !== 'http' && to !== 'cli',
  },
  {
    rule: 'only cli/ and the entry points import cli/',
    applies: (from) => from !== 'cli' && from !== 'entry',
    allows: (to) => to !== 'cli',
  },
  {
    rule: 'the entry points (node.ts, worker.ts) are imported by nobody',
    applies: () => true,
    allows: (to) => to !== 'entry',
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every import of a project file in `text` (the file at `file`, from the repository root). */
function importsOf(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const add = (specifier: ts.Expression | undefined, at: ts.Node, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteralLike(specifier) || !specifier.text.startsWith('.')) return;
    const target = join(dirname(file), specifier.text);
    if (!target.startsWith('src/')) return; // build/, tokens/ …: data, not layers
    const line = source.getLineAndCharacterOfPosition(at.getStart(source)).line + 1;
    found.push({ file, line, target, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named =
        clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined && named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, node, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(
        node.moduleSpecifier,
        node,
        node.isTypeOnly || (named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly)),
      );
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], node, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, node, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The imports that break a rule, one line each: `file:line → target (rule)`. */
function offences(imports: readonly Import[]): string[] {
  const lines: string[] = [];
  for (const imp of imports) {
    const from = areaOf(imp.file);
    const to = areaOf(imp.target);
    for (const rule of RULES) {
      if (rule.applies(from, imp.file) && !rule.allows(to, imp))
        lines.push(`${imp.file}:${imp.line} → ${imp.target} (${rule.rule})`);
    }
  }
  return lines;
}

describe('the import direction of src/', () => {
  it('holds for every import of every file under src/', () => {
    const imports = sourceFiles(src).flatMap((path) => importsOf(relative(root, path), readFileSync(path, 'utf8')));
    // The parser really read the tree (a reader that finds nothing would pass everything).
    expect(imports.length).toBeGreaterThan(300);
    expect(offences(imports), 'imports against the documented direction').toEqual([]);
  });

  it('names each kind of offence with its file and line', () => {
    const sample: Record<string, string> = {
      'src/engine/merge.ts': "import { x } from '../db/core.ts';",
      'src/lib/lru.ts': "\n\nimport type { Config } from '../config.ts';",
      'src/db/queries/keys.ts':
        "import { hashSecret } from '../../auth/secrets.ts';\nimport type { Violation } from '../../engine/types.ts';\nimport { compose } from '../../engine/compose.ts';",
      'src/auth/session.ts': "import {\n  type AppContext,\n  type Principal,\n} from '../http/context.ts';",
      'src/themes/publish.ts': "export { run } from '../cli/main.ts';",
      'src/http/app.ts': "const seed = await import('../cli/commands/seed-demo.ts');",
      'src/tenancy/resolve.ts': "import { Lru } from '../lib/lru.ts';\nimport { startNodeServer } from '../node.ts';",
      'src/node.ts': "import { main } from './cli/main.ts';",
      'src/studio/client/api.ts': "import { sql } from '../../db/core.ts';\nimport { x } from '../../engine/color.ts';",
    };
    const found = offences(Object.entries(sample).flatMap(([file, text]) => importsOf(file, text)));
    expect(found.map((line) => line.split(' (')[0])).toEqual([
      'src/engine/merge.ts:1 → src/db/core.ts',
      'src/lib/lru.ts:3 → src/config.ts',
      'src/db/queries/keys.ts:1 → src/auth/secrets.ts',
      'src/db/queries/keys.ts:3 → src/engine/compose.ts',
      'src/auth/session.ts:1 → src/http/context.ts',
      'src/themes/publish.ts:1 → src/cli/main.ts',
      'src/themes/publish.ts:1 → src/cli/main.ts',
      'src/http/app.ts:1 → src/cli/commands/seed-demo.ts',
      'src/tenancy/resolve.ts:2 → src/node.ts',
      'src/studio/client/api.ts:1 → src/db/core.ts',
    ]);
  });
});
