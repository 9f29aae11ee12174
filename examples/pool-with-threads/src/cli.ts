// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './setup.ts';

export const cli = commandLine({
  program: 'pool-with-threads',
  summary: 'a pool of processes, each running worker threads; tasks cross as data.',
  // The first task sleeps the longest: twice the shortest one.
  longestSleepMs: 2 * nominal.taskMs,
  options: {
    // Ceilings: a process costs about 40 MB and a thread about 10 MB, and the lesson
    // is the shape, not the size: 16 x 32 is already 512 tasks at once.
    processes: {
      type: 'string',
      default: String(nominal.processes),
      help: 'how many processes in the pool (Python: Pool(2))',
      count: { min: 1, max: 16 },
    },
    threads: {
      type: 'string',
      default: String(nominal.threads),
      help: 'how many worker threads each process runs',
      count: { min: 1, max: 32 },
    },
    sequential: { type: 'boolean', help: 'await each task before sending the next (broken)' },
    unordered: { type: 'boolean', help: 'print results as they finish, like imap_unordered' },
    lambda: { type: 'boolean', help: 'send a function as a task: it cannot be cloned' },
    fail: {
      type: 'string',
      help: 'task N throws: main names it, the pool still closes, exit 1',
      count: { min: 0, max: 16 * 32 - 1 },
    },
  },
});
