// `pnpm start`: every example, one after another, each under a header.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseFlags, runMain } from '@concurrency/trace';
import { course } from './course.ts';

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));

runMain('tour', () => {
  const flags = parseFlags({ only: { type: 'string', multiple: true } });
  const chosen = course.filter((lesson) => !flags.only || flags.only.includes(lesson.name));
  const unknown = (flags.only ?? []).filter((name) => !course.some((l) => l.name === name));
  if (unknown.length) throw new Error(`no example called ${unknown.join(', ')}`);
  const failed: string[] = [];
  chosen.forEach((lesson, index) => {
    process.stdout.write(
      `\n== [${index + 1}/${chosen.length}] ${lesson.name}: ${lesson.concept}\n\n`,
    );
    // Each example runs as its own process, in its own folder, as `pnpm start` would.
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: `${examplesDir}${lesson.name}`,
      stdio: 'inherit',
    });
    if (result.status !== 0) failed.push(lesson.name);
  });
  if (failed.length) throw new Error(`failed: ${failed.join(', ')}`);
});
