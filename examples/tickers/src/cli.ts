// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './setup.ts';

export const cli = commandLine({
  program: 'tickers',
  summary:
    'a ticker stopped by an AbortSignal, drift of chained timers, a token-bucket rate limit.',
  longestSleepMs: nominal.idleMs,
  options: {
    callback: {
      type: 'boolean',
      help: 'part one with a callback setInterval: a slow beat overlaps the next (the broken contrast)',
    },
    beats: {
      type: 'string',
      default: String(nominal.beats),
      help: 'how many beats the ticker runs before it is stopped',
      count: { min: 1, max: 50 },
    },
    ticks: {
      type: 'string',
      default: String(nominal.ticks),
      help: 'how many ticks each schedule of part two runs',
      count: { min: 1, max: 50 },
    },
    rate: {
      type: 'string',
      default: String(nominal.rate),
      help: 'requests a second the limiters let through',
      count: { min: 1, max: 100 },
    },
    burst: {
      type: 'string',
      default: String(nominal.burst),
      help: 'how many requests may go at once (the bucket size)',
      count: { min: 1, max: 100 },
    },
    requests: {
      type: 'string',
      default: String(nominal.requests),
      help: 'how many requests the client sends at once, through each limiter',
      count: { min: 1, max: 200 },
    },
    fail: {
      type: 'string',
      help: 'beat N throws: the ticker stops, the program names it and exits 1',
      count: { min: 1, max: 50 },
    },
  },
});
