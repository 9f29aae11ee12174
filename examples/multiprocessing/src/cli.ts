// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine, UsageError } from '@concurrency/trace';
import { nominal } from './setup.ts';

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

/**
 * `--fail N` or `--crash N`: the child made to fail, and how. A flag naming no child of
 * the `count`, or both flags at once, is a UsageError.
 */
export function chosenFault(values: Record<string, unknown>, count: number) {
  const fail = cli.optionalCount(values, 'fail');
  const crash = cli.optionalCount(values, 'crash');
  if (fail !== undefined && crash !== undefined) {
    throw new UsageError('--fail and --crash both name a child: give one of them');
  }
  const failing = fail ?? crash;
  if (failing !== undefined && failing >= count) {
    const flag = fail === undefined ? '--crash' : '--fail';
    throw new UsageError(`${flag} ${failing} names no child: they are 0 to ${count - 1}`);
  }
  return { failing, failBy: fail === undefined ? ('exit' as const) : ('throw' as const) };
}
