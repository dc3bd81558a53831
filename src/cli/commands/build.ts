// livery build <file.json|-> [--tier 1|2] [--theme <name>] [--partner <file.json>] [--out dir] [--format css,json,tailwind] [--strict] [--force]
// Writes theme.css, theme.json + theme.flat.json, theme.tailwind.css — the bytes the service would serve.
// A file with violations builds nothing (exit 1) unless --force, which writes and still exits 1.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { joinCss } from '../../engine/emit/light.ts';
import { emitTheme } from '../../themes/compile.ts';
import { parseArgs } from 'node:util';
import { checkLayerArgs, composeFiles, formatReport, layerOptions, parseCommandArgs, unusable, UnusableInput } from '../layers.ts';

const usage = `usage: livery build <file.json|-> [--tier 1|2] [--theme <name>] [--partner <file.json>] [--policy <file.json>] [--out dir] [--format css,json,tailwind] [--strict] [--force]

Builds the merged theme offline into --out (default ./build/theme): theme.css, theme.json and theme.flat.json,
theme.tailwind.css. Nothing is written when validation fails, unless --force (which writes and still exits 1).
LIVERY_TOKENS_DIR names your own base (built in-process with Style Dictionary).
`;

const FORMATS = ['css', 'json', 'tailwind'] as const;
type Format = (typeof FORMATS)[number];

export async function run(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  try {
    const { values, positionals } = parseCommandArgs(() =>
      parseArgs({
        args: argv,
        options: {
          ...layerOptions,
          out: { type: 'string', default: './build/theme' },
          format: { type: 'string', default: FORMATS.join(',') },
          force: { type: 'boolean' },
        },
        allowPositionals: true,
        strict: true,
      }));
    if (values.help) {
      process.stdout.write(usage);
      return 0;
    }
    const args = checkLayerArgs(values, positionals);
    const formats = String(values.format).split(',').map((f) => f.trim()).filter(Boolean);
    const unknown = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
    if (unknown.length > 0 || formats.length === 0) {
      throw new UnusableInput(`--format takes a comma-separated list of ${FORMATS.join(', ')}; got "${String(values.format)}"`);
    }
    const { platform, result } = await composeFiles(args, env.LIVERY_TOKENS_DIR || undefined);
    process.stderr.write(formatReport(args.file, result));
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
    const out = resolve(String(values.out));
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
}
