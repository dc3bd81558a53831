// A uuid in its text form (any case, any version): what PostgreSQL's uuid type accepts. Checked before a value reaches
// a query, so a malformed id is a clean "not found" (or a refusal) rather than a database error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
