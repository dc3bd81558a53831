// Every command's flags in one declaration that both parses argv and writes `--help`, so help cannot miss a flag.
// Mistakes are UnusableInput (exit 2) in our words — an unknown flag gets "did you mean" — never Node's raw text.
import { parseArgs } from 'node:util';
import { closestMatch } from 'leven';
import { UnusableInput } from './input.ts';

export interface Flag {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string;
  /** The value's placeholder in help, e.g. `file` → `--out <file>`. */
  value?: string;
  help: string;
}

/** `--json` for commands whose every outcome, failures included, is one JSON document. */
export const jsonFlag = {
  type: 'boolean',
  help: 'print one JSON document on stdout, failures too',
} as const satisfies Flag;

export interface CommandSpec {
  name: string;
  /** What follows the command name in the usage line, e.g. `<file|->`. */
  synopsis: string;
  /** Paragraphs printed under the usage line. */
  description: string;
  flags: Record<string, Flag>;
}

const helpFlag: Flag = { type: 'boolean', short: 'h', help: 'show this help' };

export type Values = Record<string, string | boolean | string[] | undefined>;

/** The usage line, the description and one line per flag (every flag the command accepts, --help included). */
export function helpText(spec: CommandSpec): string {
  const flags = Object.entries({ ...spec.flags, help: helpFlag }).map(([name, flag]) => {
    const value = flag.type === 'string' ? ` <${flag.value ?? 'value'}>` : '';
    const left = `${flag.short ? `-${flag.short}, ` : '    '}--${name}${value}${flag.multiple ? '…' : ''}`;
    const extra = flag.default !== undefined ? ` (default ${flag.default})` : '';
    return { left, right: `${flag.help}${extra}` };
  });
  const width = Math.max(...flags.map((f) => f.left.length));
  return [
    `usage: livery ${spec.name} ${spec.synopsis}`.trimEnd(),
    '',
    spec.description.trim(),
    '',
    'options:',
    ...flags.map((f) => `  ${f.left.padEnd(width)}  ${f.right}`),
    '',
  ].join('\n');
}

/** "unknown option --jsn (did you mean --json?)" — the closest flag within a small edit distance, if any. */
function unknownFlag(raw: string, spec: CommandSpec): UnusableInput {
  const names = [...Object.keys(spec.flags), 'help'];
  const guess = raw.startsWith('--') ? closestMatch(raw.slice(2), names, { maxDistance: 3 }) : undefined;
  return new UnusableInput(`unknown option ${raw}${guess ? ` (did you mean --${guess}?)` : ''}`, 'usage');
}

/**
 * argv → flag values (defaults applied) and positionals. `--help` is answered by the caller (values.help).
 * A string flag takes the next argument or `--flag=value`; a next argument that is itself a flag is refused
 * rather than swallowed as the value.
 */
export function parseFlags(argv: readonly string[], spec: CommandSpec): { values: Values; positionals: string[] } {
  const all: Record<string, Flag> = { ...spec.flags, help: helpFlag };
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(
      Object.entries(all).map(([name, f]) => [
        name,
        { type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) },
      ]),
    ),
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const values: Values = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const flag = all[token.name];
    if (!flag) throw unknownFlag(token.rawName, spec);
    let value: string | boolean;
    if (flag.type === 'boolean') {
      if (token.inlineValue) throw new UnusableInput(`${token.rawName} takes no value`, 'usage');
      value = true;
    } else {
      if (token.value === undefined || (!token.inlineValue && /^--?[a-z]/i.test(token.value))) {
        throw new UnusableInput(`${token.rawName} needs a value: ${token.rawName} <${flag.value ?? 'value'}>`, 'usage');
      }
      value = token.value;
    }
    if (flag.multiple) values[token.name] = [...((values[token.name] as string[] | undefined) ?? []), String(value)];
    else values[token.name] = value;
  }
  for (const [name, flag] of Object.entries(spec.flags)) {
    if (values[name] === undefined && flag.default !== undefined) values[name] = flag.default;
  }
  return { values, positionals };
}

/** A string flag's value (undefined when absent). */
export function stringFlag(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
