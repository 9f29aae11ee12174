// `pnpm start`: every example in course order, then a table of what each proved.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runTool, toolCommandLine } from '@concurrency/trace';
import { course } from './course.ts';
import { tour } from './tour-main.ts';

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));

export const cli = toolCommandLine({
  program: 'tour',
  summary: 'every example in course order, then a table of what each one proved.',
  usage: 'pnpm start [flags]',
  timeScale: true,
  options: {
    only: { type: 'string', help: `run only this example (repeatable): ${course[0]!.name}, ...` },
    scale: {
      type: 'string',
      help: `multiply every sleep by this (wins over CONCURRENCY_TIME_SCALE) [default: 1]`,
    },
    // Declared here, so the tour passes it on to each example instead of drawing itself.
    timeline: { type: 'boolean', help: 'draw each example run as a chart when it ends' },
  },
});

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
