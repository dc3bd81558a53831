// Request shapes (other than token trees, which the engine governs) are checked with zod; a mismatch is a 422
// naming every field at fault.
import type { z } from 'zod';
import { ApiError } from './errors.ts';

export function parseRequest<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
  const first = issues[0]!;
  throw new ApiError(422, 'invalid_request', `The request body is not valid: ${first.path}: ${first.message}.`, {
    issues,
  });
}
