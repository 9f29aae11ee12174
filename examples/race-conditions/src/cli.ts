// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './setup.ts';

export const cli = commandLine({
  program: 'race-conditions',
  summary: 'lost updates across an await and across threads, and the locks that stop them.',
  longestSleepMs: nominal.deadlockTimeoutMs,
  options: {
    'no-lock': {
      type: 'boolean',
      help: 'run the parts meant to be locked without their lock (the broken contrast)',
    },
    // Each worker is a whole thread with its own V8 heap: 32 is plenty to show a race
    // on a counter, and far below what would exhaust a laptop's memory.
    workers: {
      type: 'string',
      default: String(nominal.workers),
      help: 'how many worker threads add to the shared counter',
      count: { min: 1, max: 32 },
    },
    // Every increment with the mutex waits its window in a row: 200 x 50 ms x 32 workers
    // is already over five minutes at full scale.
    increments: {
      type: 'string',
      default: String(nominal.increments),
      help: 'how many times each worker adds 1',
      count: { min: 1, max: 200 },
    },
    fail: {
      type: 'string',
      help: 'worker N throws inside its critical section: main names it and exits 1',
      count: { min: 0, max: 31 },
    },
  },
});
