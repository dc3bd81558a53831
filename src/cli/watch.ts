// --watch: run once, then again whenever one of the input files changes, until Ctrl-C (exit code of the last run).
// Watches each file's directory rather than the file, because editors save by writing a new file and renaming it
// over the old one, which ends a watch on the file itself.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { UnusableInput } from './input.ts';

/** How long to wait for an editor's burst of events (truncate, write, rename) to end before running again. */
const SETTLE_MS = 80;

export async function watchFiles(
  files: readonly string[],
  run: () => Promise<number>,
  announce: (line: string) => void,
): Promise<number> {
  if (files.includes('-')) throw new UnusableInput('--watch needs files: stdin ("-") cannot be watched', 'usage');
  let last = await run();
  const wanted = new Map<string, Set<string>>();
  for (const file of files.map((f) => resolve(f))) {
    const names = wanted.get(dirname(file)) ?? new Set<string>();
    names.add(basename(file));
    wanted.set(dirname(file), names);
  }
  return new Promise<number>((done) => {
    let timer: NodeJS.Timeout | undefined;
    let running = Promise.resolve();
    const again = (name: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        running = running.then(async () => {
          announce(`— ${name} changed, ${new Date().toLocaleTimeString()} —`);
          last = await run();
        });
      }, SETTLE_MS);
    };
    const watchers: FSWatcher[] = [...wanted].map(([dir, names]) =>
      watch(dir, (_event, name) => {
        if (name !== null && names.has(String(name))) again(String(name));
      }),
    );
    announce(`watching ${files.join(', ')} (Ctrl-C stops)`);
    const stop = () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      void running.then(() => done(last));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
