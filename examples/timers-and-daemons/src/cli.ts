// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './setup.ts';

/** The parts of the lesson, in the order they run. */
export const parts = ['timers', 'child', 'daemon', 'normal', 'detached', 'await'] as const;

export const cli = commandLine({
  program: 'timers-and-daemons',
  summary: 'timers and cancel, daemon threads as unref, children not joined or detached.',
  longestSleepMs: nominal.longTimerMs,
  options: {
    'no-cancel': {
      type: 'boolean',
      help: 'broken: timer A and timer C are never cancelled, and fire',
    },
    'no-unref': {
      type: 'boolean',
      help: 'broken: the daemon thread and timer are not unref()d and hold the program',
    },
    'forget-await': {
      type: 'boolean',
      help: 'broken: call two async functions without await (ends in exit 1)',
    },
    'child-ticks': {
      type: 'string',
      default: String(nominal.childTicks),
      help: 'how many times the child that is not joined ticks',
      count: { min: 2, max: 20 },
    },
    part: {
      type: 'string',
      help: `run one part only: ${parts.join(', ')}`,
    },
    fail: { type: 'boolean', help: 'the child throws: main reports it and exits 1' },
  },
});
