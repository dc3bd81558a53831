#!/usr/bin/env node
// npx livery … — runs the TypeScript CLI directly (Node >= 22 strips types natively).
import { main } from '../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
