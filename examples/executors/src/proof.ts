// Proof machinery, not the lesson. A thread takes tens of milliseconds to boot, and
// on a busy machine they come up far apart, longer than these tasks last. The test
// measures how many tasks a pool lets run at once, not how fast threads boot: so the
// pool's threads each answer a no-op first, and the twin's threads wait at a line.
import { StartLine, workerEntry } from '@concurrency/trace';
import type { Piscina } from 'piscina';

/** Every thread of the pool has loaded a module and answered: they are all up. */
export async function threadsUp(pool: Piscina, workers: number): Promise<void> {
  // piscina runs another file's export when a task names it: a no-op, printing nothing.
  const filename = workerEntry(new URL('./proof-boot.ts', import.meta.url)).href;
  await Promise.all(Array.from({ length: workers }, () => pool.run(undefined, { filename })));
}

/** The line the twin's threads wait at until all `count` are up (see proof-unbounded-worker.ts). */
export function unboundedStartLine(count: number): SharedArrayBuffer {
  const line = StartLine.create();
  void line.allArrived(count).then(() => line.fire());
  return line.buffer;
}
