// The tour's flags: parseArgs options, the `--help` text and the parse, declared once.
import { parseArgs } from 'node:util';
import { toolCommandLine } from '@concurrency/trace';
import { course } from './course.ts';

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

/** The tour's flags from its arguments (as `cli.args()` gives them); --only may repeat. */
export function tourFlags(args: string[]) {
  const options = { ...cli.options, only: { type: 'string', multiple: true } } as const;
  return parseArgs({ args, options, strict: true }).values;
}
