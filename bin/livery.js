#!/usr/bin/env node
// `livery …`. In the repository (src/ present) it runs the TypeScript sources directly (Node >= 22 strips types);
// installed from the package, which ships dist/ and no src/, it runs the compiled JavaScript (Node does not strip
// types under node_modules).
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/main.ts', import.meta.url);
const { runAsProcess } = await import(existsSync(sources) ? sources.href : '../dist/src/cli/main.js');
runAsProcess(process.argv.slice(2));
