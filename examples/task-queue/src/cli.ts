// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './nominal.ts';

export const cli = commandLine({
  program: 'task-queue',
  summary: 'BullMQ on a real Redis: worker processes, retries, a killed worker, graceful shutdown.',
  longestSleepMs: nominal.lockMs,
  options: {
    'no-idempotency': {
      type: 'boolean',
      help: 'record the payment on every run of its job (the broken contrast)',
    },
    workers: {
      type: 'string',
      default: String(nominal.workers),
      help: 'worker processes (part 3 kills one, part 4 stops one)',
      count: { min: 3, max: 8 },
    },
    concurrency: {
      type: 'string',
      default: String(nominal.concurrency),
      help: 'jobs each worker runs at once',
      count: { min: 1, max: 8 },
    },
    jobs: {
      type: 'string',
      default: String(nominal.jobs),
      help: 'square jobs in part 1, more than workers x concurrency',
      count: { min: 2, max: 200 },
    },
  },
});
