// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './setup.ts';

export const cli = commandLine({
  program: 'producer-consumer',
  summary: 'producers fill a bounded queue until a stop; a consumer drains it to a file.',
  longestSleepMs: nominal.writeMs,
  options: {
    'no-drain': {
      type: 'boolean',
      help: 'the consumer leaves at the stop, queue or not (the broken contrast)',
    },
    only: { type: 'string', help: 'run one version: async or threads' },
    out: {
      type: 'string',
      default: 'out',
      help: 'the folder the consumer writes into, from the working directory',
    },
    // In the threads version each producer is a worker thread; 16 is plenty to see
    // them take turns at a full queue.
    producers: {
      type: 'string',
      default: String(nominal.producers),
      help: 'how many producers receive messages',
      count: { min: 1, max: 16 },
    },
    // Draining a full queue takes capacity × 0.8 s: 100 is over a minute already.
    capacity: {
      type: 'string',
      default: String(nominal.capacity),
      help: 'how many messages the queue holds',
      count: { min: 1, max: 100 },
    },
    'fail-write': {
      type: 'string',
      help: "the consumer's N-th write fails, as on a full disk",
      count: { min: 1, max: 117 },
    },
  },
});
