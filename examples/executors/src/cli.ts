// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './setup.ts';

export const cli = commandLine({
  program: 'executors',
  summary: 'concurrent.futures in Node: a thread pool (piscina) and process pools.',
  longestSleepMs: Math.max(...nominal.mapMs),
  options: {
    part: {
      type: 'string',
      help: 'run one part only: threads, processes (the flags below are for threads)',
    },
    unbounded: {
      type: 'boolean',
      help: 'a new thread per task instead of a pool (the broken contrast)',
    },
    'piscina-close': {
      type: 'boolean',
      help: "end the block with piscina's own close(), which ends running tasks early",
    },
    workers: {
      type: 'string',
      default: String(nominal.workers),
      help: "the thread pool's max_workers",
      count: { min: 1, max: 16 },
    },
    tasks: {
      type: 'string',
      default: String(nominal.mapMs.length),
      help: 'how many tasks the map part submits',
      count: { min: 1, max: 64 },
    },
    fail: {
      type: 'string',
      help: 'map task N throws: main reports it, stops the rest and exits 1',
      count: { min: 0, max: 63 },
    },
  },
});
