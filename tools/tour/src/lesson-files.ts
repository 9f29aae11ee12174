// Where a reader finds a lesson's Node calls: src/<name>.ts, or, for a lesson told in
// parts, the lesson files main.ts imports itself (one per part). The tour points there
// after each run; the conformance check requires that one of the two exists.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Not a lesson file: the command line, and what only proves, reports or sets up. */
export const isLessonFile = (file: string): boolean =>
  file.endsWith('.ts') &&
  !['cli.ts', 'main.ts'].includes(file) &&
  !/^(proof|report|setup)/.test(file);

/**
 * The lesson's entry files under src/: src/<name>.ts if there is one, then the other
 * lesson files main.ts imports itself (the parts), in its import order. Without
 * src/<name>.ts, two parts at least; none if it has neither.
 */
export function lessonEntries(exampleDir: string, name: string): string[] {
  const src = join(exampleDir, 'src');
  const own = existsSync(join(src, `${name}.ts`)) ? [`${name}.ts`] : [];
  const main = join(src, 'main.ts');
  const imported = existsSync(main)
    ? [...readFileSync(main, 'utf8').matchAll(/from '\.\/([\w-]+\.ts)'/g)]
        .map((match) => match[1]!)
        .filter((file) => isLessonFile(file) && existsSync(join(src, file)))
    : [];
  const parts = [...new Set([...own, ...imported])];
  return own.length > 0 || parts.length >= 2 ? parts : [];
}
