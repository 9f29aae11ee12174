// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal, users } from './context.ts';

export const cli = commandLine({
  program: 'context',
  summary: 'AsyncLocalStorage: each request finds its own id through awaits, timers, events.',
  longestSleepMs: nominal.loadMs,
  options: {
    global: {
      type: 'boolean',
      help: 'keep the id in a module variable instead (the broken contrast)',
    },
    'no-bind': {
      type: 'boolean',
      help: 'do not bind the shared emitter’s listeners (the trap: the emitter’s id)',
    },
    requests: {
      type: 'string',
      default: String(nominal.requests),
      help: 'how many requests the server handles at once',
      count: { min: 1, max: users.length },
    },
    fail: {
      type: 'string',
      help: 'the worker of request N throws: main names it and exits 1',
      count: { min: 1, max: users.length },
    },
    python: {
      type: 'boolean',
      help: 'run the Python twins instead (python/context.py: contextvars, threading.local)',
    },
  },
});
