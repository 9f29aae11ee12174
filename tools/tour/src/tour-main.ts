import { timeScale, UsageError } from '@concurrency/trace';
import type { Lesson } from './course.ts';
import { type LessonResult, type Output, runLesson } from './lesson-run.ts';
import { summaryTable } from './summary.ts';

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
  const results: LessonResult[] = [];
  for (const [index, lesson] of chosen.entries()) {
    out.stdout(`\n== [${index + 1}/${chosen.length}] ${lesson.name}: ${lesson.concept}\n\n`);
    const timeline = flags.timeline ?? false;
    results.push(await runLesson(lesson, { examplesDir, scale, timeline, out }));
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
