// `pnpm start`: every example in course order, then a table of what each proved.
import { fileURLToPath } from 'node:url';
import { parseFlags, runMain } from '@concurrency/trace';
import { course } from './course.ts';
import { tour } from './tour-main.ts';

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));

runMain('tour', async () => {
  const flags = parseFlags({
    only: { type: 'string', multiple: true },
    scale: { type: 'string' },
    // Declared here, so the tour passes it on to each example instead of drawing itself.
    timeline: { type: 'boolean', default: false },
  });
  const out = {
    stdout: (text: string) => process.stdout.write(text),
    stderr: (text: string) => process.stderr.write(text),
  };
  await tour(flags, { course, examplesDir, out });
});
