// Emission: theme.css, theme.json (DTCG tree + flat), Tailwind v4.
//
//   base (once):  buildBaseArtifacts(base)  — Style Dictionary 5 (Node: build script, CLI, lazily in-process)
//   per tenant:   emitOverlay(base, theme)  — synchronous, SD-free; tenant CSS = base.css + overlay.css
//                 toDtcgTree(theme), toFlat(theme)
//
// Worker code imports ./light.ts (everything here except buildBaseArtifacts) so that the
// `style-dictionary` package never enters its bundle; the base artifacts reach the Worker as
// build/base.artifacts.json.

export * from './light.ts';
export { buildBaseArtifacts, type BaseArtifacts } from './style-dictionary.ts';
