import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readTrace, TIME_SCALE_VAR, TRACE_FILE_VAR, type Trace } from '@concurrency/trace';
import type { Lesson } from './course.ts';

export interface LessonResult {
  lesson: Lesson;
  exitCode: number | null;
  wallMs: number;
  /** The line that proves the concept, from the example's test/figure.ts and this run's trace. */
  figure: string;
  /**
   * Whether this run showed the claim to the person watching. A run can pass and still
   * not show it: two threads cannot beat one on a machine that gave the run one core.
   */
  shown: boolean;
  /** Why the example could not run here (exit 2 with `<name>: needs ...`): not a failure. */
  skipped?: string;
}

export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * Run one example as `pnpm --filter <name> start` would (its own process, in its own
 * folder), streaming its output as it comes, with a trace file of its own so the
 * summary can quote the example's own figure.
 */
export async function runLesson(
  lesson: Lesson,
  {
    examplesDir,
    scale,
    timeline,
    out,
  }: {
    examplesDir: string;
    scale: number;
    timeline: boolean;
    out: Output;
  },
): Promise<LessonResult> {
  const dir = join(examplesDir, lesson.name);
  const traceDir = mkdtempSync(join(tmpdir(), 'concurrency-tour-'));
  const traceFile = join(traceDir, 'trace.jsonl');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', '@concurrency/trace/tsx', 'src/main.ts', ...(timeline ? ['--timeline'] : [])],
    {
      cwd: dir,
      env: { ...process.env, [TRACE_FILE_VAR]: traceFile, [TIME_SCALE_VAR]: String(scale) },
      stdio: ['inherit', 'pipe', 'pipe'],
    },
  );
  child.stdout.on('data', (chunk: Buffer) => out.stdout(chunk.toString()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    out.stderr(chunk.toString());
  });
  const exitCode = await new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      out.stderr(`tour: could not start ${lesson.name}: ${error.message}\n`);
      resolve(null);
    });
    child.once('close', (code) => resolve(code));
  });
  const wallMs = performance.now() - started;
  const trace = readTrace(traceFile);
  rmSync(traceDir, { recursive: true, force: true });
  // An example that needs what this machine lacks (a redis-server) says so in one
  // line, `<name>: needs ...`, and exits 2: the tour marks it skipped and goes on.
  const needs = exitCode === 2 ? /^[\w-]+: (needs .*)$/m.exec(stderr.trim())?.[1] : undefined;
  if (needs) {
    return { lesson, exitCode, wallMs, figure: `skipped: ${needs}`, shown: false, skipped: needs };
  }
  if (exitCode !== 0)
    return { lesson, exitCode, wallMs, figure: `failed (exit ${exitCode})`, shown: false };
  return { lesson, exitCode, wallMs, ...(await figureOf(dir, trace, scale)) };
}

/**
 * What an example's test/figure.ts returns: the line alone (the run showed its claim),
 * or the line with `shown: false` and the reason this run could not show it.
 */
export type Figure = string | { text: string; shown: boolean; reason?: string };
type FigureModule = { figure?: (trace: Trace, scale: number) => Figure };

async function figureOf(dir: string, trace: Trace, scale: number) {
  const file = join(dir, 'test', 'figure.ts');
  const missing = (figure: string) => ({ figure, shown: false });
  if (!existsSync(file)) return missing('(no test/figure.ts)');
  try {
    const module = (await import(pathToFileURL(file).href)) as FigureModule;
    if (typeof module.figure !== 'function') return missing('(test/figure.ts exports no figure)');
    return figureLine(module.figure(trace, scale));
  } catch (error) {
    return missing(`(no figure: ${(error as Error).message.split('\n')[0]})`);
  }
}

/** The summary's cell for a figure: a claim not shown says why, after the figure. */
export function figureLine(figure: Figure): { figure: string; shown: boolean } {
  if (typeof figure === 'string') return { figure, shown: true };
  if (figure.shown) return { figure: figure.text, shown: true };
  const why = figure.reason ? `not shown: ${figure.reason}` : 'not shown in this run';
  return { figure: `${figure.text} (${why})`, shown: false };
}
