// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './starve.ts';

export const cli = commandLine({
  program: 'event-loop',
  summary:
    "one turn of Node's loop, asyncio's order beside it, a toy loop, and a recursion that starves I/O.",
  longestSleepMs: 10_000,
  options: {
    python: {
      type: 'boolean',
      help: 'also run the toy program on asyncio in python3, beside the toy loop',
    },
    'next-tick': {
      type: 'boolean',
      help: 'recurse with process.nextTick instead of setImmediate (the broken contrast)',
    },
    'recurse-ms': {
      type: 'string',
      default: String(nominal.recurseMs),
      help: 'how long the recursion beside the heartbeat (100 ms) runs',
      count: { min: 200, max: 10_000 },
    },
  },
});
