// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './setup.ts';

export const parts = ['semaphore', 'event', 'condition', 'deadlock'] as const;

export const cli = commandLine({
  program: 'sync-primitives',
  summary: 'Semaphore, Event, Condition and two Locks on Atomics, across worker threads.',
  longestSleepMs: 2 * nominal.timeoutMs,
  options: {
    part: { type: 'string', help: `run one part only: ${parts.join(', ')}` },
    'no-finally': {
      type: 'boolean',
      help: 'release the permit only when the job succeeds (the contrast, semaphore)',
    },
    'if-not-while': {
      type: 'boolean',
      help: 'check the condition once with if, not in a while loop (the contrast, condition)',
    },
    fail: {
      type: 'boolean',
      help: 'one waiting worker throws: main names it, stops the others, exits 1 (event)',
    },
    'opposite-order': {
      type: 'boolean',
      help: 'the two workers take the locks in opposite orders (the contrast, deadlock)',
    },
  },
});
