import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLessonFile } from '@concurrency/tour/lesson-files';

// The lesson path (issue 19): what a reader must open to follow one part of a lesson
// to its Node calls. It starts at each lesson file main.ts reaches (itself, or through
// the proof, report and setup files it calls), and takes in every lesson file reached
// from there: imported (`from './x.ts'`, `import('./x.ts')`) or started as a worker or
// child (`new URL('./x.ts', ...)`). A lesson in parts has one path per part; the
// longest is the one a reader may have to take.

export const LESSON_PATH_MAX = 150;

const reference = /(?:from\s+|import\(\s*|new URL\(\s*)'\.\/([\w.-]+\.ts)'/g;

/** The local .ts files a source file names, in order of appearance. */
function named(text: string): string[] {
  return [...text.matchAll(reference)].map((match) => match[1]!);
}

export interface LessonPath {
  /** The lesson file the path starts at. */
  entry: string;
  /** Every lesson file on the path, the entry first. */
  files: string[];
  lines: number;
}

/** One path per lesson entry main.ts reaches, longest first. */
export function lessonPaths(exampleDir: string): LessonPath[] {
  const src = join(exampleDir, 'src');
  if (!existsSync(join(src, 'main.ts'))) return [];
  const texts = new Map<string, string>();
  for (const file of readdirSync(src).filter((f) => f.endsWith('.ts'))) {
    texts.set(file, readFileSync(join(src, file), 'utf8'));
  }
  const refs = (file: string) => named(texts.get(file) ?? '').filter((f) => texts.has(f));

  // The entries: lesson files reached from main.ts before any other lesson file.
  const entries = new Set<string>();
  const visited = new Set(['main.ts']);
  const pending = ['main.ts'];
  while (pending.length > 0) {
    for (const file of refs(pending.pop()!)) {
      if (isLessonFile(file)) entries.add(file);
      else if (!visited.has(file)) {
        visited.add(file);
        pending.push(file);
      }
    }
  }

  const lineCount = (file: string) => (texts.get(file) ?? '').split('\n').length - 1;
  return [...entries]
    .map((entry) => {
      const files = [entry];
      for (let i = 0; i < files.length; i++) {
        for (const file of refs(files[i]!)) {
          if (isLessonFile(file) && !files.includes(file)) files.push(file);
        }
      }
      return { entry, files, lines: files.reduce((sum, f) => sum + lineCount(f), 0) };
    })
    .sort((a, b) => b.lines - a.lines);
}
