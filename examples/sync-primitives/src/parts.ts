// Main's side of each part: make the shared cells, start the workers over them,
// join them. Main never blocks in Atomics.wait: it would freeze its event loop.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { emit, StartLine, sleep, workerEntry } from '@concurrency/trace';
import { Event } from './event-condition.ts';
import { releaseTogether } from './proof.ts';
import { cell, cells, nominal } from './sync-primitives.ts';
import type { Role } from './worker.ts';

// threading.Thread(target=..., args=(shared,)) per role, then join() on all.
// The SharedArrayBuffer in workerData is shared, not copied: every thread sees
// the same cells. One failure ends the others at once (terminate()).
async function run(c: Int32Array, roles: Role[], meanwhile = async (_: Worker[]) => {}) {
  // The start line is proof machinery (see proof.ts), shared like the cells.
  const line = StartLine.create();
  const file = new URL('./worker.ts', import.meta.url);
  const workerData = (role: Role, name: number) => ({
    ...role,
    name,
    buffer: c.buffer,
    line: line.buffer,
  });
  const workers = roles.map(
    (role, name) => new Worker(workerEntry(file), { workerData: workerData(role, name) }),
  );
  // Listen for every 'exit' at once: it fires once, a late listener waits forever.
  const exits = workers.map(async (w, i) => {
    const [code] = await once(w, 'exit');
    if (code !== 0) throw new Error(`worker ${i} exited with code ${code}`);
  });
  const ends = Promise.all(exits).then(() => {});
  // Line them up, let main do its part of the lesson, wait for every worker.
  try {
    await releaseTogether(line, roles, ends);
    await Promise.all([meanwhile(workers), ends]);
  } catch (error) {
    // A thread blocked in Atomics.wait never ends on its own: terminate() it.
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
}

/**
 * Part 1: Semaphore(2) among five workers; the jobs of workers 1 and 3 throw.
 *   sem = threading.Semaphore(2)
 *   threads = [Thread(target=worker, args=(sem, i)) for i in range(5)]
 */
export async function semaphore({ releaseOnError = true }) {
  const c = cells();
  // sem = threading.Semaphore(2): the cell starts with two permits.
  Atomics.store(c, cell.permits, nominal.permits);
  // Five workers; the odd ones' jobs throw inside the semaphore.
  const role = (name: number): Role => ({ role: 'sem', fails: name % 2 === 1, releaseOnError });
  await run(
    c,
    Array.from({ length: nominal.workers }, (_, name) => role(name)),
  );
  // All joined: every permit taken should be back.
  const back = Atomics.load(c, cell.permits);
  emit('main', 'permits', `Main: ${back} of ${nominal.permits} permits back`, { back });
}

/**
 * Part 2: four workers wait on one Event; main sets it once, and all go.
 *   event = threading.Event(); start four threads calling event.wait()
 *   time.sleep(1); event.set()
 */
export async function event({ fail = false }) {
  const c = cells();
  const waiter = (name: number): Role => ({ role: 'waiter', fail: fail && name === 0 });
  const roles = Array.from({ length: nominal.waiters }, (_, name) => waiter(name));
  await run(c, roles, async (workers) => {
    // Each says "waiting" just before it blocks; let them sleep a moment.
    await Promise.all(workers.map((w) => once(w, 'message')));
    await sleep(nominal.workMs);
    // event.set(): from main too, since it only stores and notifies, never waits.
    emit('main', 'set', 'Main: event.set()');
    new Event(c, cell.flag).set();
  });
}

/**
 * Part 3: a producer and two consumers share one slot under a Condition.
 *   cond = threading.Condition(); slot = []
 *   Thread(target=producer).start(); two Thread(target=consumer).start()
 */
export async function condition({ loop = true }) {
  // loop: false is the contrast, `if` where `while` belongs.
  const consumer: Role = { role: 'consumer', loop };
  await run(cells(), [
    { role: 'producer', items: nominal.items, consumers: 2 },
    consumer,
    consumer,
  ]);
}

/**
 * Part 4: two workers need locks A and B: in one order, or (the contrast) opposite ones.
 *   Thread(target=transfer, args=(lock_a, lock_b)).start()
 *   Thread(target=transfer, args=(lock_b, lock_a)).start()   # the deadlock
 */
export async function deadlock({ oppositeOrder = false }) {
  // Worker 0 takes A then B; worker 1 the same, or B then A for the contrast.
  const orders: Role[] = [
    { role: 'locker', order: ['A', 'B'] },
    { role: 'locker', order: oppositeOrder ? ['B', 'A'] : ['A', 'B'] },
  ];
  // A worker whose acquire(timeout) gave up says so; main reports it, exit 1.
  const gaveUp: number[] = [];
  await run(cells(), orders, async (workers) => {
    for (const [i, w] of workers.entries()) w.on('message', () => gaveUp.push(i));
  });
  if (gaveUp.length > 0) {
    const who = gaveUp.join(' and ');
    throw new Error(`deadlock: worker ${who} gave up after 4 s waiting for a lock the other held`);
  }
}
