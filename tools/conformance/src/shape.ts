import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLessonFile, lessonEntries } from '@concurrency/tour/lesson-files';
import { LESSON_PATH_MAX, lessonPaths } from './paths.ts';

// The shape of an example's src/ (issue 19, docs/writing-an-example.md): the lesson a
// reader opens is short, mostly explained, and not outweighed by proof machinery.
// - Lesson files: every src/*.ts but cli.ts, main.ts and the files whose name starts
//   with proof, report or setup. The main one is src/<example-name>.ts.
// - A comment line is one whose trimmed text starts with //, /* or *; the share is
//   counted over non-blank lines. Lines are counted as `wc -l` does.
// `pnpm --filter @concurrency/conformance start -- --sizes` prints the counts.

export const LESSON_FILE_MAX = 130;
export const COMMENT_SHARE_MIN = 0.35;
export const MAIN_MAX = 60;

/**
 * The examples that have not been reshaped yet: the shape rules skip them. Each
 * example's reshaping lands on its own branch; the coordinator empties this list
 * once they are merged, and from then on every example keeps every rule.
 */
export const notYetReshaped: readonly string[] = [];

/**
 * The examples whose longest lesson path is still over LESSON_PATH_MAX lines, each with
 * why. At least ten examples keep within it (a test counts); an example listed here
 * that fits is flagged, so the list only shrinks.
 */
export const pathsStillLong: Readonly<Record<string, string>> = {
  barriers:
    "the threads' barrier is a page alone (95 lines: generation, broken bit, timeout), then the rounds",
  'offload-cpu':
    'its hand-written process pool (pool, member, child: about 200 lines) is the lesson',
  'pool-with-threads':
    'four layers, each a page: the pool, a member process, its threads, the task table',
  'producer-consumer':
    'the queue is the lesson: a shared-memory queue (lock, two conditions, ring, close) and its thread part: 205',
  'race-conditions':
    'every lock part reads the whole Atomics mutex (owner check, timeout, deadlock error): 180',
};

export interface Sizes {
  /** Lines of the lesson files together. */
  lesson: number;
  /** Comment lines over non-blank lines of the lesson files, 0 to 1. */
  commentShare: number;
  longest: { file: string; lines: number } | undefined;
  /** Lines of the proof*, report* and setup* files together. */
  proof: number;
  /** Each lesson file, with its lines. */
  lessonFiles: { file: string; lines: number }[];
}

export { isLessonFile };

/** `wc -l`: the newlines in a text. */
function lineCount(text: string): number {
  return text.split('\n').length - 1;
}

/** The sizes of an example's src/ (its top level). */
export function sizesOf(exampleDir: string): Sizes {
  const src = join(exampleDir, 'src');
  const files = existsSync(src)
    ? readdirSync(src)
        .filter((f) => f.endsWith('.ts'))
        .sort()
    : [];
  let comments = 0;
  let nonBlank = 0;
  let proof = 0;
  const lessonFiles: { file: string; lines: number }[] = [];
  for (const file of files) {
    const text = readFileSync(join(src, file), 'utf8');
    const lines = lineCount(text);
    if (/^(proof|report|setup)/.test(file)) proof += lines;
    if (!isLessonFile(file)) continue;
    lessonFiles.push({ file, lines });
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (trimmed === '') continue;
      nonBlank++;
      if (/^(\/\/|\/\*|\*)/.test(trimmed)) comments++;
    }
  }
  const longest = [...lessonFiles].sort((a, b) => b.lines - a.lines)[0];
  return {
    lesson: lessonFiles.reduce((sum, f) => sum + f.lines, 0),
    commentShare: nonBlank === 0 ? 0 : comments / nonBlank,
    longest,
    proof,
    lessonFiles,
  };
}

type Flag = (file: string, rule: string, detail: string) => void;

/** The shape rules for one example (none for an example still in notYetReshaped). */
export function checkShape(
  exampleDir: string,
  name: string,
  flag: Flag,
  exempt: readonly string[] = notYetReshaped,
  longPaths: Readonly<Record<string, string>> = pathsStillLong,
): void {
  if (exempt.includes(name)) return;
  const sizes = sizesOf(exampleDir);
  if (lessonEntries(exampleDir, name).length === 0) {
    flag(
      `src/${name}.ts`,
      'lesson file',
      `is missing: the lesson's main path lives there (or, told in parts, in the lesson files main.ts imports)`,
    );
  }
  for (const { file, lines } of sizes.lessonFiles) {
    if (lines > LESSON_FILE_MAX) {
      flag(`src/${file}`, 'lesson file', `has ${lines} lines, more than ${LESSON_FILE_MAX}`);
    }
  }
  if (sizes.lessonFiles.length > 0 && sizes.commentShare < COMMENT_SHARE_MIN) {
    const share = Math.floor(sizes.commentShare * 100);
    flag(
      'src',
      'comment share',
      `the lesson files' comments are ${share}% of their non-blank lines, under ${COMMENT_SHARE_MIN * 100}%`,
    );
  }
  if (sizes.proof > sizes.lesson) {
    flag(
      'src',
      'proof size',
      `proof, report and setup files have ${sizes.proof} lines, more than the lesson's ${sizes.lesson}`,
    );
  }
  const longest = lessonPaths(exampleDir)[0];
  const mayBeLong = name in longPaths;
  if (longest && longest.lines > LESSON_PATH_MAX && !mayBeLong) {
    flag(
      `src/${longest.entry}`,
      'lesson path',
      `and the lesson files it reaches (${longest.files.slice(1).join(', ') || 'none'}) have ${longest.lines} lines, more than ${LESSON_PATH_MAX}`,
    );
  }
  if (longest && longest.lines <= LESSON_PATH_MAX && mayBeLong) {
    flag(
      'src',
      'lesson path',
      `its longest path is ${longest.lines} lines, within ${LESSON_PATH_MAX}: take it off pathsStillLong`,
    );
  }
  const mainPath = join(exampleDir, 'src', 'main.ts');
  if (existsSync(mainPath)) {
    const main = readFileSync(mainPath, 'utf8');
    const lines = lineCount(main);
    if (lines > MAIN_MAX) {
      flag('src/main.ts', 'main is the command line', `has ${lines} lines, more than ${MAIN_MAX}`);
    }
    const starts = /\bnew\s+Worker\s*\(|\bfork\s*\(/.exec(main);
    if (starts) {
      flag(
        'src/main.ts',
        'main is the command line',
        `starts a worker or a child itself (${starts[0].replace(/\s+/g, ' ')}...): that is the lesson's`,
      );
    }
  }
}

/** The table `--sizes` prints, one row per example. */
export function sizesTable(root: string): string {
  const examples = join(root, 'examples');
  const names = readdirSync(examples, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(examples, entry.name, 'src')))
    .map((entry) => entry.name)
    .sort();
  const row = (cells: (string | number)[]) =>
    `${String(cells[0]).padEnd(20)} ${cells
      .slice(1)
      .map((cell, i) => String(cell).padStart([6, 6, 8, 6, 6][i]!))
      .join(' ')}`;
  return [
    row(['example', 'lesson', 'cmt%', 'maxfile', 'proof', 'path']),
    ...names.map((name) => {
      const sizes = sizesOf(join(examples, name));
      const share = `${Math.floor(sizes.commentShare * 100)}%`;
      const path = lessonPaths(join(examples, name))[0]?.lines ?? 0;
      return row([name, sizes.lesson, share, sizes.longest?.lines ?? 0, sizes.proof, path]);
    }),
  ].join('\n');
}
