// The engine's public surface: parse → merge → resolve → rules, composed by `composeTheme`.
// Pure: no I/O, no globals, no Node-only APIs (it runs in the Worker, in Node and in the CLI).
// Emission lives in ./emit (imported separately: it pulls in Style Dictionary).
export type * from './types.ts';
export { composeTheme, parseLayer, prepareBase, type BaseTheme, type ComposeOptions, type ComposeResult } from './compose.ts';
export { parseTree, TOKEN_TYPES } from './dtcg.ts';
export { normaliseValue, unsafeCssReason } from './values.ts';
