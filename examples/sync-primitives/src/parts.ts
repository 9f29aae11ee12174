// Main's side of each part: share the cells, start the workers, join them.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { emit, StartLine, sleep, workerEntry } from '@concurrency/trace';
import { releaseTogether } from './proof.ts';
import { cell, cells, Event, nominal } from './sync-primitives.ts';
import type { Job } from './worker.ts';

type Role = Job extends infer J
  ? J extends Job
    ? Omit<J, 'buffer' | 'line' | 'name'>
    : never
  : never;

// Start one thread per role over the same shared cells (a SharedArrayBuffer is
// shared, not copied), and join them all; one failure ends the others at once.
async function run(c: Int32Array, roles: Role[], meanwhile = async (_: Worker[]) => {}) {
  const line = StartLine.create();
  const file = new URL('./worker.ts', import.meta.url);
  const workers = roles.map(
    (role, name) =>
      new Worker(workerEntry(file), {
        workerData: { ...role, name, buffer: c.buffer, line: line.buffer },
      }),
  );
  const ends = Promise.all(
    workers.map(async (w, i) => {
      const [code] = await once(w, 'exit');
      if (code !== 0) throw new Error(`worker ${i} exited with code ${code}`);
    }),
  ).then(() => {});
  try {
    await releaseTogether(
      line,
      roles.filter((r) => r.role === 'sem' || r.role === 'locker').length,
      ends,
    );
    await Promise.all([meanwhile(workers), ends]);
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
  return workers;
}

/** Part 1: Semaphore(2) among five workers; two of the jobs throw. */
export async function semaphore({ releaseOnError = true }) {
  const c = cells();
  // sem = threading.Semaphore(2)
  Atomics.store(c, cell.permits, nominal.permits);
  const fails = (name: number) => name % 2 === 1;
  const roles = Array.from({ length: nominal.workers }, (_, name) => ({
    role: 'sem' as const,
    fails: fails(name),
    releaseOnError,
  }));
  await run(c, roles);
  const back = Atomics.load(c, cell.permits);
  emit('main', 'permits', `Main: ${back} of ${nominal.permits} permits back`, { back });
}

/** Part 2: four workers wait on one Event; main sets it once, and all go. */
export async function event() {
  const c = cells();
  const roles = Array.from({ length: nominal.waiters }, () => ({ role: 'waiter' as const }));
  await run(c, roles, async (workers) => {
    await Promise.all(workers.map((w) => once(w, 'message'))); // all are waiting
    await sleep(nominal.workMs);
    emit('main', 'set', 'Main: event.set()');
    new Event(c, cell.flag).set();
  });
}

/** Part 3: a producer and two consumers share one slot under a Condition. */
export async function condition({ loop = true }) {
  const consumers = [0, 1].map(() => ({ role: 'consumer' as const, loop }));
  await run(cells(), [{ role: 'producer', items: nominal.items, consumers: 2 }, ...consumers]);
}

/** Part 4: two workers, locks A and B: in one order, or (the contrast) opposite ones. */
export async function deadlock({ oppositeOrder = false }) {
  const order: ('A' | 'B')[][] = [['A', 'B'], oppositeOrder ? ['B', 'A'] : ['A', 'B']];
  const gaveUp: number[] = [];
  await run(
    cells(),
    order.map((o) => ({ role: 'locker' as const, order: o })),
    async (ws) => {
      for (const [i, w] of ws.entries()) w.on('message', () => gaveUp.push(i));
    },
  );
  if (gaveUp.length > 0) {
    throw new Error(
      `deadlock: worker ${gaveUp.join(' and ')} gave up after 4 s waiting for a lock the other held`,
    );
  }
}
