// The flags this program takes: parseArgs options and `--help` text, declared once.
// main.ts parses them with node:util's parseArgs. (No counts here: the pool's size
// and its jobs are the lesson's, 2 processes for jobs of 2 s and 3 s.)
import { commandLine } from '@concurrency/trace';
import { nominal } from './setup.ts';

export const parts = ['to-thread', 'executor'] as const;
export const failures = ['thread', 'process'] as const;

export const cli = commandLine({
  program: 'offload-cpu',
  summary: 'CPU work off the event loop: a worker thread, then a pool of processes.',
  // Nothing sleeps but the heartbeat's timer; the longest wait is the 3 s job.
  longestSleepMs: Math.max(...nominal.poolJobs) * nominal.secondMs,
  options: {
    inline: { type: 'boolean', help: 'run the jobs on main’s own thread (the broken contrast)' },
    piscina: { type: 'boolean', help: 'run part 1 through piscina, the production thread pool' },
    only: { type: 'string', help: `run one part: ${parts.join(' or ')}` },
    fail: { type: 'string', help: `make that part’s job throw: ${failures.join(' or ')}` },
  },
});
