// Proof machinery, not the lesson. JavaScript sees a pbkdf2 call end, never start, so
// "four at once" read from pbkdf2's timings is a guess on a busy machine. When a test
// names a folder in LIBUV_POOL_PROBE, a child counts its pool's threads once its
// lesson is done, with pool work that blocks until this file lets it go:
// fs.copyFile(in, out) between two named pipes. A pool thread copying opens `in` for
// reading, then `out` for writing, and each open of a named pipe waits for the other
// end. This file, on the loop's thread with synchronous calls (never the pool's):
// - sees a copy start: opening `in` for writing without blocking fails with ENXIO
//   until a reader (the pool thread) is there, and lets it go on to wait on `out`;
// - releases it: opening `out` for reading (and holding it open, so that a thread
//   not yet at its open of `out` does not block there later) lets the copy go on
//   (it then fails: a named pipe cannot be truncated; that is expected).
// Every start and release is traced: the most copies held at once is the pool's size,
// and a copy beyond it starts only after a release. Nothing here is timed but the
// wait that says no more copies will start until one is released.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, copyFile, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { emit, scaled } from '@concurrency/trace';
import { nominal } from './libuv-pool.ts';

export const PROBE_VAR = 'LIBUV_POOL_PROBE';
/** No new start for this long (nominal, scaled) means every free thread has a copy. */
export const quietMs = 1000;

const root = process.env[PROBE_VAR];
if (root) process.once('beforeExit', () => void countPoolThreads(root));

/** Open a named pipe without blocking; false where nobody is at the other end yet. */
function openedAtOnce(path: string, flags: number): boolean {
  try {
    closeSync(openSync(path, flags | constants.O_NONBLOCK));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENXIO') return false;
    throw error;
  }
}

async function countPoolThreads(folder: string): Promise<void> {
  const asked = Number(process.env.UV_THREADPOOL_SIZE) || nominal.defaultPool;
  const copies = Math.max(asked, nominal.pool) + 1;
  const dir = join(folder, String(process.pid));
  mkdirSync(dir, { recursive: true });
  const pipe = (side: string, i: number) => join(dir, `${side}-${i}`);
  const all = Array.from({ length: copies }, (_, i) => i);
  execFileSync(
    'mkfifo',
    all.flatMap((i) => [pipe('in', i), pipe('out', i)]),
  );
  const ended = all.map(
    (i) =>
      new Promise<void>((resolve, reject) =>
        copyFile(pipe('in', i), pipe('out', i), (error) =>
          error && error.code !== 'EINVAL' ? reject(error) : resolve(),
        ),
      ),
  );
  const held: number[] = [];
  const kept: number[] = []; // pipe ends held open until every copy has ended
  let started = 0;
  const look = () => {
    while (started < copies && openedAtOnce(pipe('in', started), constants.O_WRONLY)) {
      emit(`copy-${started}`, 'start', undefined, { copy: started });
      held.push(started++);
    }
  };
  try {
    // libuv's queue is first in, first out: copy i starts only after copies 0 to i-1.
    let quietSince = performance.now();
    while (started < copies && performance.now() - quietSince < scaled(quietMs)) {
      const before = started;
      look();
      if (started > before) quietSince = performance.now();
      await delay(1);
    }
    // Release the oldest held copy; its thread takes the next queued one at once.
    while (held.length > 0) {
      const copy = held.shift()!;
      emit(`copy-${copy}`, 'release', undefined, { copy });
      kept.push(openSync(pipe('out', copy), constants.O_RDONLY | constants.O_NONBLOCK));
      const [before, deadline] = [started, performance.now() + 10_000];
      while (started < copies && started === before) {
        if (performance.now() > deadline) throw new Error('a released thread took no copy');
        await delay(1);
        look();
      }
    }
  } finally {
    // Whatever happened, every copy must end: a pool thread left waiting on a pipe
    // would hold the process at its exit for ever. Opened for reading and writing
    // (Linux allows it on a named pipe), each pipe lets every open of it go at once.
    if (held.length > 0 || started < copies) {
      for (const i of all) kept.push(openSync(pipe('in', i), 'r+'), openSync(pipe('out', i), 'r+'));
    }
    await Promise.allSettled(ended);
    for (const fd of kept) closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  await Promise.all(ended);
}
