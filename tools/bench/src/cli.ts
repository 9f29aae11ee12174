// The flags of `pnpm bench`: parseArgs options and the `--help` text, declared once.
import { toolCommandLine } from '@concurrency/trace';

export const cli = toolCommandLine({
  program: 'bench',
  summary:
    'measure start-up, speed-up, pool throughput, stalls, hand-off, copy vs move and gather, run alone.',
  usage: 'pnpm bench [flags]',
  options: {
    quick: {
      type: 'boolean',
      help: 'shrink every figure to check the bench itself (writes results/quick)',
    },
    out: {
      type: 'string',
      help: 'write RESULTS.md, bench.svg and results.json here [default: tools/bench/results]',
    },
    only: {
      type: 'string',
      help: 'only the figures whose titles hold one of these comma-separated words (e.g. I/O,batched); no files',
    },
    redraw: {
      type: 'boolean',
      help: 'draw results/bench.svg again from results.json, measuring nothing',
    },
    'task-queue': {
      type: 'boolean',
      help: 'only the task-queue figure (BullMQ on Redis against a thread pool), printed, no files',
    },
  },
});
