// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './setup.ts';

export const cli = commandLine({
  program: 'gather',
  summary:
    'Promise.all and the asyncio tools around gather: settled, group, timeout, as-completed, limit.',
  longestSleepMs: nominal.longestMs,
  options: {
    demo: {
      type: 'string',
      default: 'all',
      help: 'run one part: gather, settled, group, timeout, as-completed or limit',
    },
    sequential: { type: 'boolean', help: 'gather: await each task before the next (contrast)' },
    'all-or-nothing': { type: 'boolean', help: 'settled: plain Promise.all (contrast)' },
    'no-abort': {
      type: 'boolean',
      help: 'group and timeout: give up without cancelling anything (contrast)',
    },
    'in-call-order': { type: 'boolean', help: 'as-completed: await in call order (contrast)' },
    'no-limit': { type: 'boolean', help: 'limit: start all six at once (contrast)' },
    'p-limit': { type: 'boolean', help: 'limit: use the p-limit library' },
    // The limit part runs six tasks: a limit of six is already no limit at all.
    limit: {
      type: 'string',
      default: '2',
      help: 'limit: how many of the six tasks may run at once',
      count: { min: 1, max: 6 },
    },
  },
});
