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

/** The lesson's entry files under src/, in main.ts's import order; none if it has neither. */
export function lessonEntries(exampleDir: string, name: string): string[] {
  const src = join(exampleDir, 'src');
  if (existsSync(join(src, `${name}.ts`))) return [`${name}.ts`];
  const main = join(src, 'main.ts');
  if (!existsSync(main)) return [];
  const imported = [...readFileSync(main, 'utf8').matchAll(/from '\.\/([\w-]+\.ts)'/g)]
    .map((match) => match[1]!)
    .filter((file) => isLessonFile(file) && existsSync(join(src, file)));
  return imported.length >= 2 ? imported : [];
}
