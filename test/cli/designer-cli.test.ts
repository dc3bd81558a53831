import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postcss from 'postcss';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '../../src/cli/main.ts');

async function livery(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The CLI with `input` on stdin. */
async function liveryIn(input: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = run(process.execPath, [cli, ...args], { cwd: dir });
  child.child.stdin!.end(input);
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'livery-cli-'));
  await writeFile(
    file('ok.json'),
    JSON.stringify({ semantic: { light: { interactive: { primary: { $value: '#1d4ed8' } } } } }),
  );
  await writeFile(
    file('low-contrast.json'),
    JSON.stringify({ semantic: { light: { text: { primary: { $value: '#cccccc' } } } } }),
  );
  await writeFile(
    file('protected.json'),
    JSON.stringify({ semantic: { dark: { status: { error: { $value: '#ff00ff' } } } } }),
  );
  await writeFile(file('not-json.json'), '{ "semantic": ');
  await writeFile(
    file('partner.json'),
    JSON.stringify({ semantic: { light: { interactive: { primary: { $value: '#1d4ed8' } } } } }),
  );
  await writeFile(
    file('policy.json'),
    JSON.stringify({
      allow: ['semantic.*.interactive.primary'],
      ranges: { 'semantic.*.interactive.primary': { maxDeltaE: 0.1 } },
    }),
  );
  await writeFile(file('bad-policy.json'), JSON.stringify({ allow: 'x' }));
  await writeFile(
    file('customer-near.json'),
    JSON.stringify({ semantic: { light: { interactive: { primary: { $value: '#1e40af' } } } } }),
  );
  await writeFile(
    file('customer-far.json'),
    JSON.stringify({ semantic: { light: { interactive: { primary: { $value: '#15803d' } } } } }),
  );
  await writeFile(file('customer-radius.json'), JSON.stringify({ primitive: { radius: { md: { $value: '2px' } } } }));
});

describe('livery validate', () => {
  it('exits 0 for a valid file and says so', async () => {
    const result = await livery('validate', file('ok.json'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('no violations');
  });

  it('exits 1 and prints path, rule, message and fix for each violation', async () => {
    const result = await livery('validate', file('low-contrast.json'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('semantic.light.text.primary');
    expect(result.stdout).toContain('[contrast]');
    expect(result.stdout).toMatch(/fix: set semantic\.light\.text\.primary to #[0-9a-f]{6}/);
  });

  it("prints exactly one JSON document with --json, in the API's shapes", async () => {
    const result = await livery('validate', file('protected.json'), '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    expect(report.violations[0]).toMatchObject({ path: 'semantic.dark.status.error', rule: 'protected' });
    expect(Array.isArray(report.warnings)).toBe(true);
  });

  it('exits 2 with a clear message for unreadable and non-JSON input and bad flags', async () => {
    const missing = await livery('validate', file('missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const broken = await livery('validate', file('not-json.json'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('is not valid JSON');
    expect((await livery('validate', file('ok.json'), '--tier', '3')).code).toBe(2);
    expect((await livery('validate', file('ok.json'), '--theme', 'no-such-theme')).code).toBe(2);
    expect((await livery('validate', file('ok.json'), '--policy', file('policy.json'))).code).toBe(2);
  });

  it('exits 2 for a policy file of the wrong shape, naming the field', async () => {
    const result = await livery(
      'validate',
      file('customer-near.json'),
      '--tier',
      '2',
      '--policy',
      file('bad-policy.json'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad-policy.json');
    expect(result.stderr).toMatch(/\ballow: /);
  });

  it("checks a customer file against its partner and the partner's policy", async () => {
    const near = await livery(
      'validate',
      file('customer-near.json'),
      '--tier',
      '2',
      '--partner',
      file('partner.json'),
      '--policy',
      file('policy.json'),
    );
    expect(near.code, near.stdout).toBe(0);
    const far = await livery(
      'validate',
      file('customer-far.json'),
      '--tier',
      '2',
      '--partner',
      file('partner.json'),
      '--policy',
      file('policy.json'),
      '--json',
    );
    expect(far.code).toBe(1);
    expect(JSON.parse(far.stdout).violations.map((v: { rule: string }) => v.rule)).toContain('out_of_range');
    const radius = await livery(
      'validate',
      file('customer-radius.json'),
      '--tier',
      '2',
      '--policy',
      file('policy.json'),
      '--json',
    );
    expect(JSON.parse(radius.stdout).violations.map((v: { rule: string }) => v.rule)).toEqual(['not_allowed']);
    // without a policy a customer may change nothing
    const noPolicy = await livery('validate', file('customer-near.json'), '--tier', '2', '--json');
    expect(JSON.parse(noPolicy.stdout).violations.map((v: { rule: string }) => v.rule)).toContain('not_allowed');
  });
});

describe('livery validate: files as exports write them', () => {
  it('reads stdin for "-", warns about what it read leniently, and refuses it with --strict', async () => {
    const layer = JSON.stringify({ primitive: { spacing: { '0.5': { $value: '3px' } } } });
    const lenient = await liveryIn(layer, 'validate', '-', '--json');
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout).warnings.map((w: { code: string }) => w.code)).toEqual(['dotted_name']);
    const strict = await liveryIn(layer, 'validate', '-', '--strict', '--json');
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).violations).toEqual([
      expect.objectContaining({ rule: 'schema', code: 'dotted_name', path: 'primitive.spacing.0.5' }),
    ]);
  });

  it('prints one JSON document even when the input is unusable, naming the line and column of a JSON error', async () => {
    const result = await livery('validate', file('not-json.json'), '--json');
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    // '{ "semantic": ' ends after 14 characters: the value is missing at line 1, column 15
    expect(report).toEqual({
      ok: false,
      error: {
        code: 'invalid_json',
        message: expect.stringContaining('not-json.json is not valid JSON at line 1, column 15'),
        line: 1,
        column: 15,
      },
    });
  });
});

describe('livery convert', () => {
  it('writes the DTCG equivalent of a Tokens Studio file, and says what it could not convert', async () => {
    await writeFile(
      file('studio.json'),
      JSON.stringify({
        color: { brand: { value: '#123456', type: 'color' }, text: { value: '{color.brand}', type: 'color' } },
        space: { md: { value: '16', type: 'spacing' } },
        copy: { tagline: { value: 'Hello', type: 'text' } },
      }),
    );
    const result = await livery(
      'convert',
      file('studio.json'),
      '--from',
      'tokens-studio',
      '--out',
      file('studio.dtcg.json'),
    );
    expect(result.code).toBe(1); // the text token has no DTCG type
    expect(result.stderr).toContain('copy.tagline');
    expect(JSON.parse(await readFile(file('studio.dtcg.json'), 'utf8'))).toEqual({
      color: { brand: { $type: 'color', $value: '#123456' }, text: { $type: 'color', $value: '{color.brand}' } },
      space: { md: { $type: 'dimension', $value: { value: 16, unit: 'px' } } },
    });
    const checked = await livery('check', file('studio.dtcg.json'), '--strict');
    expect(checked.code, checked.stdout).toBe(0);
  });

  it('refuses a file that is not a Tokens Studio export, and an unknown --from', async () => {
    expect((await livery('convert', file('ok.json'), '--from', 'tokens-studio')).code).toBe(2);
    expect((await livery('convert', file('ok.json'), '--from', 'figma')).code).toBe(2);
  });
});

describe('livery build', () => {
  it('writes the four files the service would serve, and the CSS parses', async () => {
    const out = file('out-ok');
    const result = await livery('build', file('ok.json'), '--theme', 'ocean', '--out', out);
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['theme.css', 'theme.flat.json', 'theme.json', 'theme.tailwind.css']);
    const css = await readFile(join(out, 'theme.css'), 'utf8');
    expect(() => postcss.parse(css)).not.toThrow();
    const flat = JSON.parse(await readFile(join(out, 'theme.flat.json'), 'utf8'));
    expect(flat.light['--interactive-primary']).toBe('#1d4ed8');
  });

  it('writes only the requested formats', async () => {
    const out = file('out-css');
    expect((await livery('build', file('ok.json'), '--out', out, '--format', 'css')).code).toBe(0);
    expect(await readdir(out)).toEqual(['theme.css']);
    expect((await livery('build', file('ok.json'), '--out', out, '--format', 'css,pdf')).code).toBe(2);
  });

  it('writes nothing and exits 1 when validation fails, unless --force', async () => {
    const out = file('out-bad');
    const refused = await livery('build', file('low-contrast.json'), '--out', out);
    expect(refused.code).toBe(1);
    await expect(readdir(out)).rejects.toThrow();
    const forced = await livery('build', file('low-contrast.json'), '--out', out, '--force');
    expect(forced.code).toBe(1);
    expect((await readdir(out)).length).toBe(4);
  });
});

describe('the command line a designer expects', () => {
  it('prints the package version', async () => {
    const { version } = JSON.parse(await readFile(join(import.meta.dirname, '../../package.json'), 'utf8'));
    const result = await livery('--version');
    expect([result.code, result.stdout]).toEqual([0, `${version}\n`]);
  });

  it('answers an unknown flag or command with the closest one, exit 2, in its own words', async () => {
    const flag = await livery('validate', file('ok.json'), '--jsn');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('unknown option --jsn (did you mean --json?)');
    expect(flag.stderr).not.toMatch(/ERR_PARSE_ARGS|Unknown option '/);
    const asJson = await livery('check', file('ok.json'), '--json', '--strcit');
    expect(JSON.parse(asJson.stdout)).toEqual({
      ok: false,
      error: { code: 'usage', message: 'unknown option --strcit (did you mean --strict?)' },
    });
    const command = await livery('valdiate', file('ok.json'));
    expect([command.code, command.stderr]).toEqual([2, expect.stringContaining('did you mean "validate"?')]);
    const missing = await livery('validate', file('ok.json'), '--tier', '--json');
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('--tier needs a value')]);
  });

  it('lists every flag a command accepts in its --help, and accepts every flag it lists', async () => {
    const commands = [
      'validate',
      'check',
      'convert',
      'build',
      'push',
      'pull',
      'diff',
      'dev',
      'migrate',
      'seed-demo',
      'tenant',
      'domain',
      'key',
      'gc',
    ];
    await Promise.all(
      commands.map(async (command) => {
        const help = await livery(command, '--help');
        expect(help.code, command).toBe(0);
        const flags = [...help.stdout.matchAll(/^\s+(?:-\w, )?(--[\w-]+)( <)?/gm)].map((m) =>
          m[2] ? `${m[1]}=x` : m[1]!,
        );
        expect(flags, command).toContain('--help');
        // every listed flag at once, then --help: a flag the parser did not know would be refused before --help is answered
        const probe = await livery(command, ...flags);
        expect([probe.code, probe.stderr, probe.stdout], command).toEqual([0, '', help.stdout]);
      }),
    );
    // build takes --policy (a customer's build is governed by its partner's policy) and says so
    expect((await livery('build', '--help')).stdout).toMatch(/--policy <file\.json>\s+with --tier 2/);
  }, 120_000);

  it('points each violation at the line and column where the file defines the token', async () => {
    await writeFile(
      file('pretty-low.json'),
      '{\n  "semantic": {\n    "light": {\n      "text": { "primary": { "$value": "#cccccc" } }\n    }\n  }\n}\n',
    );
    const human = await livery('validate', file('pretty-low.json'));
    expect(human.stdout).toContain(`✖ semantic.light.text.primary  [contrast]  ${file('pretty-low.json')}:4:17`);
    const json = JSON.parse((await livery('validate', file('pretty-low.json'), '--json')).stdout);
    expect(json.violations[0]).toMatchObject({ file: file('pretty-low.json'), line: 4, column: 17 });
    // a violation of a token the file does not define (here: none) carries no position; a check of several files names the right one
    await writeFile(file('part-a.json'), '{\n  "color": { "$type": "color", "a": { "$value": "#000000" } }\n}\n');
    await writeFile(file('part-b.json'), '{\n  "color": {\n    "b": { "$value": "{color.missing}" }\n  }\n}\n');
    const checked = JSON.parse((await livery('check', file('part-a.json'), file('part-b.json'), '--json')).stdout);
    expect(checked.violations).toEqual([
      expect.objectContaining({ path: 'color.b', file: file('part-b.json'), line: 3, column: 5 }),
    ]);
  });

  it('shows a JSON syntax error with its line, column and a code frame', async () => {
    await writeFile(file('trailing-comma.json'), '{\n  "semantic": {\n    "light": {},\n  }\n}\n');
    const result = await livery('validate', file('trailing-comma.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'is not valid JSON at line 4, column 3: unexpected "}" (JSON allows no trailing comma)',
    );
    expect(result.stderr).toMatch(/> 4 \|\s+}\n\s+\|\s+\^/);
    const json = JSON.parse((await livery('validate', file('trailing-comma.json'), '--json')).stdout);
    expect(json.error).toMatchObject({ code: 'invalid_json', line: 4, column: 3 });
  });
});

describe('--watch', () => {
  /** Starts `livery …args` and resolves each next stdout line as it comes. */
  function watching(...args: string[]) {
    const child = spawn(process.execPath, [cli, ...args], { cwd: dir });
    const lines: string[] = [];
    const waiting: Array<(line: string) => void> = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        const next = waiting.shift();
        if (next) next(line);
        else lines.push(line);
      }
    });
    return {
      next: () =>
        new Promise<string>((resolve) => (lines.length > 0 ? resolve(lines.shift()!) : waiting.push(resolve))),
      started: new Promise<void>((resolve) =>
        child.stderr.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('watching')) resolve();
        }),
      ),
      stop: () => child.kill('SIGINT'),
    };
  }

  it('validates again when the file changes (one JSON document per line and run)', async () => {
    await writeFile(
      file('watched.json'),
      JSON.stringify({ semantic: { light: { interactive: { primary: { $value: '#1d4ed8' } } } } }),
    );
    const run = watching('validate', file('watched.json'), '--json', '--watch');
    try {
      expect(JSON.parse(await run.next())).toMatchObject({ ok: true });
      await run.started;
      await writeFile(
        file('watched.json'),
        JSON.stringify({ semantic: { light: { text: { primary: { $value: '#cccccc' } } } } }),
      );
      expect(JSON.parse(await run.next())).toMatchObject({
        ok: false,
        violations: expect.arrayContaining([expect.objectContaining({ rule: 'contrast' })]),
      });
      await writeFile(file('watched.json'), '{ "semantic": ');
      expect(JSON.parse(await run.next())).toMatchObject({ ok: false, error: { code: 'invalid_json' } });
    } finally {
      run.stop();
    }
  });

  it('builds again when the file changes', async () => {
    const out = file('out-watch');
    await writeFile(
      file('watched-build.json'),
      JSON.stringify({ semantic: { light: { interactive: { primary: { $value: '#1d4ed8' } } } } }),
    );
    const child = spawn(
      process.execPath,
      [cli, 'build', file('watched-build.json'), '--out', out, '--format', 'json', '--watch'],
      { cwd: dir },
    );
    let stderr = '';
    const seen = (text: string, times: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (stderr.split(text).length - 1 >= times) resolve();
        };
        child.stderr.on('data', check);
        check();
      });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    try {
      await seen('watching', 1);
      expect(JSON.parse(await readFile(join(out, 'theme.flat.json'), 'utf8')).light['--interactive-primary']).toBe(
        '#1d4ed8',
      );
      await writeFile(
        file('watched-build.json'),
        JSON.stringify({ semantic: { light: { interactive: { primary: { $value: '#1e40af' } } } } }),
      );
      await seen('wrote', 4);
      expect(JSON.parse(await readFile(join(out, 'theme.flat.json'), 'utf8')).light['--interactive-primary']).toBe(
        '#1e40af',
      );
    } finally {
      child.kill('SIGINT');
    }
  });
});
