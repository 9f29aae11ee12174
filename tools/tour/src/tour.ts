// `pnpm start`: every example in course order, then a table of what each proved.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runTool } from '@concurrency/trace';
import { cli } from './cli.ts';
import { course } from './course.ts';
import { tour } from './tour-main.ts';

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));

runTool(cli, async (args) => {
  const { values } = parseArgs({
    args,
    options: { ...cli.options, only: { type: 'string', multiple: true } },
    strict: true,
  });
  const out = {
    stdout: (text: string) => process.stdout.write(text),
    stderr: (text: string) => process.stderr.write(text),
  };
  await tour(values, { course, examplesDir, out });
});
