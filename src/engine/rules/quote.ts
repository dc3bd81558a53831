// How the contrast and policy rules show a resolved value in a message: JSON-quoted and cut to 60 characters.
// Unlike `quote` in ../values.ts it escapes nothing beyond what JSON.stringify does (the values it shows have
// passed the value checks already).

export function quoteValue(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
