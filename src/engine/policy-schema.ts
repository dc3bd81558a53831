// The shape of a partner's customer policy: the one check shared by the API (`PUT /api/v1/tokens/policy`,
// docs/http-api.md), the demo data (src/tokens.ts) and the designer CLI (`--policy`). Pure: no I/O.
import { z } from 'zod';

// Dot paths whose segments are names or a lone `*` (see Governance in ./types.ts).
const pattern = z
  .string()
  .max(512)
  .regex(/^(?:\*|[^.*\s]+)(?:\.(?:\*|[^.*\s]+))*$/, 'must be a dot path; `*` may stand for a whole segment');
const dimension = z
  .string()
  .max(64)
  .regex(/^-?\d+(?:\.\d+)?(?:px|rem|em|%|vw|vh)?$/, 'must be a dimension such as "12px"');
const unitInterval = z.number().min(0).max(1);
const degrees = z.number().min(0).max(360);

const range = z
  .strictObject({
    maxDeltaE: z.number().positive().max(2).optional(),
    lightness: z
      .tuple([unitInterval, unitInterval])
      .refine(([a, b]) => a <= b, 'min must not exceed max')
      .optional(),
    hue: z.tuple([degrees, degrees]).optional(),
    min: dimension.optional(),
    max: dimension.optional(),
  })
  .refine((r) => Object.keys(r).length > 0, 'a range needs at least one bound');

export const policySchema = z.strictObject({
  allow: z.array(pattern).max(500),
  ranges: z.record(pattern, range).default({}),
});
