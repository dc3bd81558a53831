// The engine's public surface: parse → merge → resolve → rules, composed by `composeTheme` (a cascade over a
// base) and `checkTree` (a complete tree on its own). Pure: no I/O, no globals, no Node-only APIs (it runs in
// the Worker, in Node, in the CLI and in the browser). Emission lives in ./emit (imported separately: it pulls in
// Style Dictionary).
export type * from './types.ts';
export {
  checkTree,
  composeTheme,
  LENIENT_CODES,
  parseLayer,
  prepareBase,
  type BaseTheme,
  type CheckResult,
  type ComposeOptions,
  type ComposeResult,
} from './compose.ts';
export { parseTree, TOKEN_TYPES } from './dtcg.ts';
export { normaliseValue } from './normalise.ts';
export { normalisedTree } from './normalised.ts';
export { unsafeCssReason } from './values.ts';
export { convertTokensStudio, isTokensStudio } from './tokens-studio.ts';
