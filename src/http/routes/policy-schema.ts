// The shape of a partner's customer policy (docs/http-api.md, `PUT /api/v1/tokens/policy`): the engine's schema,
// shared with the demo data and the designer CLI.
export { policySchema } from '../../engine/policy-schema.ts';
