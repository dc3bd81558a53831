// `name_collision`: two tokens that would emit the same CSS custom property. Names are joined with '-', so
// `primitive["color-red"]["600"]` and `primitive.color.red.600` both want `--primitive-color-red-600`; a typography
// token's companions (`--x-font-size`…) take names too. Emission keeps the first claimant (the base's token, else
// the smaller path) and leaves the other out; this rule refuses the layer that brought the second, so no value
// ever silently wins.
import { themeDeclarations } from '../emit/declarations.ts';
import type { Violation } from '../types.ts';
import type { GovernanceRule } from './types.ts';

export const nameCollisionRule: GovernanceRule = {
  id: 'name_collision',
  docs: 'Two paths may not emit the same CSS custom property (names join with "-", and a "." in a name reads as "-").',
  url: 'docs/rules/name_collision.md',
  check(ctx) {
    const violations: Violation[] = [];
    for (const omission of themeDeclarations(ctx.merged).omitted) {
      if (omission.reason !== 'name_collision') continue;
      const token = ctx.merged.tokens.get(omission.path);
      violations.push({
        path: omission.path,
        rule: 'name_collision',
        ...(token && { source: token.source }),
        property: omission.property,
        collidesWith: omission.collidesWith,
        message: `${omission.path} would emit ${omission.property}, which ${omission.collidesWith} already emits.`,
        fix: `rename ${omission.path} so its CSS name differs from ${omission.collidesWith}'s`,
      });
    }
    return violations;
  },
};
