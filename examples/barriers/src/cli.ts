// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './setup.ts';

/** The longest wait a --timeout may ask for: ten minutes, nominal. */
const longestTimeoutMs = 600_000;

export const cli = commandLine({
  program: 'barriers',
  summary: 'parties meet at a barrier round after round; a death or a timeout breaks it.',
  longestSleepMs: Math.max(longestTimeoutMs, nominal.stepMs * 64 + nominal.stallMs),
  options: {
    async: { type: 'boolean', help: 'the parties are async tasks on one event loop' },
    'no-barrier': {
      type: 'boolean',
      help: 'nobody waits at the barrier in the rounds (the broken contrast)',
    },
    // Each party is a worker thread, a whole V8 isolate: 64 is far past what the
    // lesson needs and still starts in a few seconds.
    parties: {
      type: 'string',
      default: String(nominal.parties),
      help: 'how many parties meet at the barrier',
      count: { min: 1, max: 64 },
    },
    // A round lasts up to `parties` steps of 0.5 s: 1000 rounds is hours already.
    rounds: {
      type: 'string',
      default: String(nominal.rounds),
      help: 'how many times they meet',
      count: { min: 1, max: 1000 },
    },
    fail: {
      type: 'string',
      help: 'party N dies before it arrives in the last round',
      count: { min: 0, max: 63 },
    },
    stall: {
      type: 'string',
      help: 'party N arrives 5 s late in the last round',
      count: { min: 0, max: 63 },
    },
    timeout: {
      type: 'string',
      help: 'milliseconds a wait may last before it breaks the barrier',
      count: { min: 1, max: longestTimeoutMs },
    },
  },
});
