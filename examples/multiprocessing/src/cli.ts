// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './jobs.ts';

// A child process is a whole Node runtime (40 to 80 MB each): 32 shows the point on
// any machine; a few thousand would exhaust one.
const maxProcesses = 32;

export const cli = commandLine({
  program: 'multiprocessing',
  summary: 'child processes: five pids sleep at once; separate memory; a fresh start.',
  longestSleepMs: nominal.workMs,
  options: {
    sequential: {
      type: 'boolean',
      help: 'join each child before starting the next (the broken contrast)',
    },
    inline: {
      type: 'boolean',
      help: 'run the same jobs inside the parent: one pid, one memory (the contrast)',
    },
    processes: {
      type: 'string',
      default: String(nominal.processes),
      help: 'how many child processes sleep at once',
      count: { min: 1, max: maxProcesses },
    },
    fail: {
      type: 'string',
      help: 'child N throws: named with its error, the rest killed, exit 1',
      count: { min: 0, max: maxProcesses - 1 },
    },
    crash: {
      type: 'string',
      help: 'child N exits 3 silently: named by its code, the rest killed, exit 1',
      count: { min: 0, max: maxProcesses - 1 },
    },
  },
});
