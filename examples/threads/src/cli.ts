// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './threads.ts';

export const cli = commandLine({
  program: 'threads',
  summary: 'worker threads: one counts while main waits, then five sleep at once.',
  longestSleepMs: nominal.workMs,
  options: {
    sequential: {
      type: 'boolean',
      help: 'join each worker before starting the next (the broken contrast)',
    },
    'no-join': {
      type: 'boolean',
      help: 'main never waits for the counting thread, and ends there (part one only)',
    },
    workers: {
      type: 'string',
      default: String(nominal.workers),
      help: 'how many workers sleep at once',
      count: { min: 1, max: 64 },
    },
    fail: {
      type: 'string',
      help: 'worker N throws: main names it, stops the rest and exits 1',
      count: { min: 0, max: 63 },
    },
  },
});
