// livery build <file.json|-> [--tier 1|2] [--theme <name>] [--partner <file.json>] [--policy <file.json>] [--out dir] [--format css,json,tailwind] [--strict] [--force] [--watch]
// Writes theme.css, theme.json + theme.flat.json, theme.tailwind.css — the bytes the service would serve.
// A file with violations builds nothing (exit 1) unless --force, which writes and still exits 1.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { joinCss } from '../../engine/emit/light.ts';
import { emitTheme } from '../../themes/compile.ts';
import { helpText, parseFlags, type CommandSpec } from '../args.ts';
import {
  checkLayerArgs,
  composeFiles,
  formatReport,
  layerFiles,
  layerFlags,
  locate,
  unusable,
  UnusableInput,
} from '../layers.ts';
import { watchFiles } from '../watch.ts';

const FORMATS = ['css', 'json', 'tailwind'] as const;
type Format = (typeof FORMATS)[number];

export const spec: CommandSpec = {
  name: 'build',
  synopsis: '<file.json|-> [options]',
  description: `Builds the merged theme offline, as the service would serve it for that file: theme.css, theme.json and
theme.flat.json, theme.tailwind.css. The file is governed first, exactly as \`livery validate\` does (the report goes
to stderr); nothing is written when it has violations (exit 1), unless --force (writes, still exits 1).
LIVERY_TOKENS_DIR names your own base (built in-process with Style Dictionary).`,
  flags: {
    ...layerFlags,
    out: { type: 'string', default: './build/theme', value: 'dir', help: 'the directory to write into' },
    format: {
      type: 'string',
      default: FORMATS.join(','),
      value: 'list',
      help: 'which files: a comma-separated list of css, json, tailwind',
    },
    force: { type: 'boolean', help: 'write even when the file has violations (still exits 1)' },
  },
};

export async function run(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, spec);
    if (values.help) {
      process.stdout.write(helpText(spec));
      return 0;
    }
    const args = checkLayerArgs(values, positionals);
    const formats = String(values.format)
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    const unknown = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
    if (unknown.length > 0 || formats.length === 0) {
      throw new UnusableInput(
        `--format takes a comma-separated list of ${FORMATS.join(', ')}; got "${String(values.format)}"`,
        'usage',
      );
    }
    const out = resolve(String(values.out));
    const once = async (): Promise<number> => {
      try {
        const { platform, result, sources } = await composeFiles(args, env.LIVERY_TOKENS_DIR || undefined);
        process.stderr.write(formatReport(args.file, await locate(result, sources)));
        if (!result.ok && !values.force) {
          process.stderr.write('nothing written (use --force to write anyway)\n');
          return 1;
        }
        const emitted = emitTheme(platform, result.theme);
        const files: Record<Format, Record<string, string>> = {
          css: { 'theme.css': joinCss(platform.baseCss, emitted.overlayCss) },
          json: { 'theme.json': `${emitted.json}\n`, 'theme.flat.json': `${emitted.flat}\n` },
          tailwind: { 'theme.tailwind.css': joinCss(platform.baseTailwind, emitted.overlayTailwind) },
        };
        await mkdir(out, { recursive: true });
        for (const format of formats as Format[]) {
          for (const [name, content] of Object.entries(files[format])) {
            await writeFile(join(out, name), content);
            process.stderr.write(`wrote ${join(out, name)}\n`);
          }
        }
        return result.ok ? 0 : 1;
      } catch (error) {
        if (!(error instanceof UnusableInput)) throw error;
        return unusable('build', false, error);
      }
    };
    if (!values.watch) return await once();
    return await watchFiles(layerFiles(args), once, (line) => process.stderr.write(`${line}\n`));
  } catch (error) {
    if (!(error instanceof UnusableInput)) throw error;
    return unusable('build', false, error);
  }
}
