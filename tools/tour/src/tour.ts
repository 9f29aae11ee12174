// `pnpm start`: every example in course order, then a table of what each proved.
import { fileURLToPath } from 'node:url';
import { runTool } from '@concurrency/trace';
import { cli, tourFlags } from './cli.ts';
import { course } from './course.ts';
import { tour } from './tour-main.ts';

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));

runTool(cli, async (args) => {
  const flags = tourFlags(args);
  const out = {
    stdout: (text: string) => process.stdout.write(text),
    stderr: (text: string) => process.stderr.write(text),
  };
  await tour(flags, { course, examplesDir, out });
});
