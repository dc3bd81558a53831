// The engine's public surface: parse → merge → resolve → rules, composed by `composeTheme`.
// Pure: no I/O, no globals, no Node-only APIs (it runs in the Worker, in Node and in the CLI).
// Emission lives in ./emit (imported separately: it pulls in Style Dictionary).
export type * from './types.ts';
export { composeTheme, DEFAULT_POLICY, parseLayer, prepareBase, type BaseTheme, type ComposeOptions, type ComposeResult, type ParsedLayer } from './compose.ts';
export { isPlainObject, MAX_DEPTH, parseAlias, parseTree, TOKEN_TYPES, UNSUPPORTED_TYPES, type ParseOptions } from './dtcg.ts';
export { LOWER_SOURCES, type EntryProblem, type LayerEntry } from './merge.ts';
export { ancestorsOf, didYouMean, isPrimitivePath, matchesPattern, patternMatcher, PRIMITIVE_ROOT, ROOT_PATH } from './paths.ts';
export { resolveTokens, traceAlias, type AliasTrace } from './resolve.ts';
export { allRules, rulesReported, type GovernanceRule, type LayerContext, type RuleContext } from './rules/index.ts';
export {
  DIMENSION_UNITS, FONT_WEIGHT_KEYWORDS, MAX_VALUE_LENGTH, normaliseColor, normaliseCubicBezier, normaliseDimension, normaliseDuration,
  normaliseFontFamily, normaliseFontWeight, normaliseNumber, normaliseValue, parseDimension, quote, sanitise, unsafeCssReason, unsafeTextReason,
  type ValueResult,
} from './values.ts';
