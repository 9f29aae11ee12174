// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './setup.ts';

/** The parts of the lesson, in the order they run. */
export const parts = ['streams', 'timeout', 'pipes'] as const;

export const cli = commandLine({
  program: 'subprocess',
  summary: 'other programs with piped stdin, stdout and stderr: streamed, timed out, bounded.',
  longestSleepMs: nominal.sleepMs,
  options: {
    'wait-for-exit': {
      type: 'boolean',
      help: 'wait for the flooding child to exit before reading it: a deadlock (the contrast)',
    },
    lines: {
      type: 'string',
      default: String(nominal.lines),
      help: 'how many lines each of the two children in part one echoes',
      count: { min: 1, max: 100 },
    },
    fail: {
      type: 'boolean',
      help: 'child b throws: the parent names it, kills child a and exits 1',
    },
    part: { type: 'string', help: `run one part only: ${parts.join(', ')}` },
    python: {
      type: 'boolean',
      help: 'run the Python twins (python/subprocess_twins.py) with python3 instead',
    },
  },
});
