// `pnpm timelines`: run every example of the course at a small time scale and draw
// its run as examples/<name>/timeline.svg, the picture its README shows; with
// --chrome-trace, write the run as a Chrome trace event file for Perfetto instead.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { course } from '@concurrency/tour/course';
import { parseTrace, runTool, timeScale, UsageError } from '@concurrency/trace';
import { toChromeTrace } from './chrome-trace.ts';
import { cli } from './cli.ts';
import { fixturePath, timelineSvg } from './drawn.ts';

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));

runTool(cli, async (args) => {
  const { values: flags } = parseArgs({
    args,
    options: { ...cli.options, only: { type: 'string', multiple: true } },
    strict: true,
  });
  let scale: number;
  try {
    scale = timeScale(flags.scale || 'empty');
  } catch (error) {
    throw new UsageError(`--scale: ${(error as Error).message}`);
  }
  const unknown = (flags.only ?? []).filter((name) => !course.some((l) => l.name === name));
  if (unknown.length > 0) throw new UsageError(`--only: no example called ${unknown.join(', ')}`);
  if (flags.out !== undefined && !flags['chrome-trace']) {
    throw new UsageError('--out: only with --chrome-trace');
  }
  if (flags.out !== undefined && flags.only?.length !== 1) {
    throw new UsageError('--out: name exactly one example with --only');
  }
  if (flags.redraw) {
    for (const { name } of course) {
      if (flags.only && !flags.only.includes(name)) continue;
      const svgFile = join(examplesDir, name, 'timeline.svg');
      // The scale the kept run was made at is in its picture's title.
      const kept = /every sleep scaled by ([\d.e-]+)/.exec(readFileSync(svgFile, 'utf8'))?.[1];
      const trace = parseTrace(readFileSync(fixturePath(name), 'utf8'));
      writeFileSync(svgFile, timelineSvg(name, trace, Number(kept ?? scale)));
      process.stdout.write(`${name}: drew examples/${name}/timeline.svg again from its kept run\n`);
    }
    return;
  }
  // The harness (execa, esbuild) loads only for a real run: `--help` and a refused
  // flag answer without it.
  const { runExample } = await import('@concurrency/harness');
  const failed: string[] = [];
  for (const { name } of course) {
    if (flags.only && !flags.only.includes(name)) continue;
    const dir = join(examplesDir, name);
    // The same run a test makes: a real process with its own trace file.
    const run = await runExample(dir, { scale });
    if (run.exitCode !== 0 || run.trace.length === 0) {
      process.stderr.write(`timelines: ${name} exited ${run.exitCode}: ${run.stderr.trim()}\n`);
      failed.push(name);
      continue;
    }
    if (flags['chrome-trace']) {
      // pnpm runs the tool in its own folder; a relative --out means where it was called.
      const here = process.env.INIT_CWD ?? process.cwd();
      const path = flags.out === undefined ? defaultOut(dir) : resolve(here, flags.out);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(toChromeTrace(run.trace))}\n`);
      const shown = relative(here, path).startsWith('..') ? path : relative(here, path);
      process.stdout.write(
        `${name}: wrote ${shown}\n` +
          '  open it in Perfetto: drag the file onto https://ui.perfetto.dev (or "Open trace file" there; chrome://tracing loads it too)\n',
      );
      continue;
    }
    writeFileSync(join(dir, 'timeline.svg'), timelineSvg(name, run.trace, scale));
    // The run itself, kept: a test draws it again and must get the same picture, and
    // converts it for Perfetto, so every example's trace is known to open there.
    writeFileSync(fixturePath(name), run.trace.map((e) => `${JSON.stringify(e)}\n`).join(''));
    process.stdout.write(`${name}: wrote examples/${name}/timeline.svg and its trace\n`);
  }
  if (failed.length > 0) throw new Error(`no timeline for ${failed.join(', ')}`);
});

// examples/<name>/out/ holds what a run writes; its own .gitignore keeps it out of git.
function defaultOut(dir: string): string {
  const out = join(dir, 'out');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, '.gitignore'), '*\n');
  return join(out, 'trace.chrome.json');
}
