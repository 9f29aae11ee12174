import { join } from 'node:path';
import { timeScale, UsageError } from '@concurrency/trace';
import type { Lesson } from './course.ts';
import { lessonEntries } from './lesson-files.ts';
import { type LessonResult, type Output, runLesson } from './lesson-run.ts';
import { SUMMARY_WIDTH, summaryTable } from './summary.ts';

export interface TourFlags {
  only?: string[];
  scale?: string;
  timeline?: boolean;
}

/**
 * Every chosen example in course order, each under a `[3/8] name` header. A failing
 * example does not stop the tour; the tour fails at the end, naming every failure.
 */
export async function tour(
  flags: TourFlags,
  { course, examplesDir, out }: { course: readonly Lesson[]; examplesDir: string; out: Output },
): Promise<LessonResult[]> {
  const scale = scaleOf(flags.scale);
  const unknown = (flags.only ?? []).filter((name) => !course.some((l) => l.name === name));
  if (unknown.length > 0) {
    const known = course.map((lesson) => lesson.name).join(', ');
    throw new UsageError(`--only: no example called ${unknown.join(', ')} (there are: ${known})`);
  }
  const chosen = course.filter((lesson) => !flags.only || flags.only.includes(lesson.name));
  out.stdout(`${opening(chosen, scale)}\n`);
  const results: LessonResult[] = [];
  for (const [index, lesson] of chosen.entries()) {
    out.stdout(`\n== [${index + 1}/${chosen.length}] ${lesson.name}: ${lesson.concept}\n`);
    out.stdout(`   Python: ${lesson.python}\n\n`);
    const timeline = flags.timeline ?? false;
    results.push(await runLesson(lesson, { examplesDir, scale, timeline, out }));
    out.stdout(`\n${whereToRead(lesson, examplesDir)}\n`);
  }
  out.stdout(`\n${summaryTable(results)}\n`);
  const failed = results.filter((result) => result.exitCode !== 0 && !result.skipped);
  if (failed.length > 0) {
    const names = failed.map((result) => result.lesson.name).join(', ');
    throw new Error(`${failed.length} of ${results.length} failed: ${names}`);
  }
  return results;
}

// --scale wins over CONCURRENCY_TIME_SCALE; both must be positive numbers.
function scaleOf(raw: string | undefined): number {
  // timeScale reads an empty variable as unset; an empty flag is a mistake.
  if (raw === '') throw new UsageError('--scale: time scale must be a positive number, got ""');
  try {
    return raw === undefined ? timeScale() : timeScale(raw);
  } catch (error) {
    throw new UsageError(`--scale: ${(error as Error).message}`);
  }
}

/**
 * The tour's first line: how many examples and about how long, from each lesson's
 * measured default run. Only the sleeps shrink with --scale; start-up does not, so a
 * scaled estimate is a floor, and it says so.
 */
export function opening(chosen: readonly Lesson[], scale: number): string {
  const seconds = chosen.reduce((sum, lesson) => sum + lesson.seconds, 0);
  const many = chosen.length === 1 ? '1 example' : `${chosen.length} examples`;
  const about =
    scale === 1 ? `about ${duration(seconds)}` : `at least ${duration(seconds * scale)}`;
  return `The tour: ${many} in course order, ${about} on a 2-core machine (pnpm start -- --help).`;
}

function duration(seconds: number): string {
  const whole = Math.max(1, Math.round(seconds));
  return whole < 90 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** Where the lesson is read after it ran: its README, and the files with its Node calls. */
export function whereToRead(lesson: Lesson, examplesDir: string): string {
  const at = `examples/${lesson.name}`;
  const [first, ...parts] = lessonEntries(join(examplesDir, lesson.name), lesson.name);
  const lines = [
    `-> read the lesson: ${at}/README.md`,
    `-> its Node calls:  ${at}/src/${first ?? ''}`,
  ];
  // The parts follow the first file by name, wrapped under it within the tour's width.
  for (const part of parts) {
    const last = lines.length - 1;
    if (`${lines[last]}, ${part}`.length < SUMMARY_WIDTH) lines[last] += `, ${part}`;
    else {
      lines[last] += ',';
      lines.push(`${' '.repeat(20)}${part}`);
    }
  }
  return lines.join('\n');
}
