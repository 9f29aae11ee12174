// `node --import @concurrency/trace/tsx src/main.ts`: the same as `--import tsx`, except
// where the OS temp folder cannot be written (TMPDIR names a file, a full or read-only
// disk). tsx keeps its compile cache there and, failing to make it, crashes with a
// long stack trace before the program starts, even for --help. Here it is told to
// keep no cache instead: the program runs, only its start-up is a little slower.
import { mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

try {
  mkdirSync(join(tmpdir(), `tsx-${userInfo().uid}`), { recursive: true });
} catch {
  process.env.TSX_DISABLE_CACHE = '1';
}
await import('tsx');
