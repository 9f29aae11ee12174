// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './libuv-pool.ts';

export const cli = commandLine({
  program: 'libuv-pool',
  summary: "libuv's thread pool: 8 pbkdf2 calls run 4 at a time, 8 with UV_THREADPOOL_SIZE=8.",
  longestSleepMs: nominal.beatMs,
  options: {
    late: {
      type: 'boolean',
      help: 'part two sets UV_THREADPOOL_SIZE after its first call: too late (the contrast)',
    },
    calls: {
      type: 'string',
      default: String(nominal.calls),
      help: 'how many pbkdf2 calls each part makes at once',
      count: { min: 1, max: 64 },
    },
    pool: {
      type: 'string',
      default: String(nominal.pool),
      help: "part two's UV_THREADPOOL_SIZE (libuv takes 1 to 1024)",
      count: { min: 1, max: 1024 },
    },
    fail: {
      type: 'string',
      help: "part one's call N asks for a digest that does not exist: named, exit 1",
      count: { min: 0, max: 63 },
    },
    python: {
      type: 'boolean',
      help: "run the calls in python3's default executor (run_in_executor(None, ...)) instead",
    },
  },
});
