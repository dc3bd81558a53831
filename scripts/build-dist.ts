// npm run build (and `npm pack`, through prepack): the package's JavaScript in dist/. tsc compiles src/ to dist/src
// and emits build/base.artifacts.json (imported by the code) to dist/build; the data the code reads from disk beside
// itself — tokens/ (src/tokens-dir.ts) and migrations/ (src/db/migrate.ts) — is copied to dist/ so that the same
// relative paths hold there.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  // tsc type-checks as it compiles: a package is never built from sources that do not type-check
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
} catch {
  process.stderr.write('build: tsc failed (above); dist/ was not written\n');
  process.exit(1);
}
for (const dir of ['tokens', 'migrations']) cpSync(join(root, dir), join(dist, dir), { recursive: true });
