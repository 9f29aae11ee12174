// The flags of `pnpm timelines`: parseArgs options and the `--help` text, declared once.
import { toolCommandLine } from '@concurrency/trace';

export const cli = toolCommandLine({
  program: 'timelines',
  summary: 'run each example of the course and draw it as examples/<name>/timeline.svg.',
  usage: 'pnpm timelines [flags]',
  options: {
    only: { type: 'string', help: 'draw only this example (repeatable)' },
    scale: { type: 'string', default: '0.2', help: 'multiply every sleep of the runs by this' },
  },
});
