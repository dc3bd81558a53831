// Positions in a JSON file, from a parser that keeps them (momoa): where a syntax error is, and on which line a
// token named by a violation's path is defined. Loaded only when there is something to point at.
import { codeFrameColumns } from '@babel/code-frame';
import { parse, type AnyNode, type DocumentNode } from '@humanwhocodes/momoa';

export interface Position {
  line: number;
  column: number;
}

/** The line, column, a short reason and a code frame of the first syntax error in `text`; null if it parses. */
export async function locateSyntaxError(text: string): Promise<(Position & { reason: string; frame: string }) | null> {
  try {
    parse(text);
    return null;
  } catch (error) {
    const e = error as Error & Partial<Position & { offset: number }>;
    if (typeof e.line !== 'number' || typeof e.column !== 'number' || typeof e.offset !== 'number') return null;
    let where: Position = { line: e.line, column: e.column };
    let reason: string;
    if (e.offset >= text.length || e.name === 'UnexpectedEOF' || /end of input/i.test(e.message)) {
      // momoa reports the end of input at 1:1; the end of the text is where something is missing.
      const lines = text.split('\n');
      where = { line: lines.length, column: lines.at(-1)!.length + 1 };
      reason = 'the file ends before the JSON does';
    } else {
      const character = String.fromCodePoint(text.codePointAt(e.offset)!);
      const before = text.slice(0, e.offset).trimEnd();
      reason = `unexpected ${JSON.stringify(character)}${before.endsWith(',') && /[}\]]/.test(character) ? ' (JSON allows no trailing comma)' : ''}`;
    }
    return { ...where, reason, frame: codeFrameColumns(text, { start: where }, { highlightCode: false }) };
  }
}

/** Member names in path order; a name may itself hold dots (lenient files), so consecutive segments may join. */
function find(node: AnyNode, segments: readonly string[]): Position | null {
  if (node.type !== 'Object') return null;
  for (let take = 1; take <= segments.length; take++) {
    const name = segments.slice(0, take).join('.');
    // the last definition of a repeated name is the one that counts, as in JSON.parse
    const member = node.members.findLast((m) => m.name.type === 'String' && m.name.value === name);
    if (!member) continue;
    const rest = segments.slice(take);
    if (rest.length === 0) return { line: member.name.loc.start.line, column: member.name.loc.start.column };
    const deeper = find(member.value, rest);
    if (deeper) return deeper;
  }
  return null;
}

/**
 * Where each of `paths` (dot-separated token paths, as violations name them) is defined in `text`, by path. Paths the
 * file does not define (the base's, a partner's) are absent. A file that does not parse has no positions.
 */
export function locatePaths(text: string, paths: readonly string[]): Map<string, Position> {
  const out = new Map<string, Position>();
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch {
    return out;
  }
  for (const path of new Set(paths)) {
    const found = find(document.body, path.split('.'));
    if (found) out.set(path, found);
  }
  return out;
}
