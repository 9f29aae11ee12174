// The flags this program takes: parseArgs options, `--help` text and the range of
// each count, declared once. main.ts parses them with node:util's parseArgs.
import { commandLine } from '@concurrency/trace';
import { nominal } from './setup.ts';

export const parts = ['pipe', 'transfer', 'select', 'broadcast', 'owner'] as const;

export const cli = commandLine({
  program: 'message-channels',
  summary: 'messages between threads: a pipe, copy vs move, select, broadcast, one owner.',
  longestSleepMs: nominal.twoMs,
  options: {
    part: { type: 'string', help: `run one part only: ${parts.join(', ')}` },
    'no-ids': {
      type: 'boolean',
      help: 'the client matches replies by arrival, not by id (the broken contrast, pipe)',
    },
    'post-after-transfer': {
      type: 'boolean',
      help: 'send the buffer again after moving it (the error a learner hits, transfer)',
    },
    fail: { type: 'boolean', help: 'the server throws: main names it, stops all and exits 1' },
    requests: {
      type: 'string',
      default: String(nominal.requests),
      help: 'how many questions the client asks at once (pipe)',
      count: { min: 1, max: 20 },
    },
    megabytes: {
      type: 'string',
      default: String(nominal.megabytes),
      help: 'the size of the buffer copied, then moved (transfer)',
      count: { min: 1, max: 512 },
    },
    workers: {
      type: 'string',
      default: String(nominal.workers),
      help: 'how many workers hear the broadcast, and add to the owner (broadcast, owner)',
      count: { min: 1, max: 16 },
    },
  },
});
