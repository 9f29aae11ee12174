// The other side: each worker thread builds its own Lock, Semaphore, Event or
// Condition over the same shared cells, and uses it as Python code would.
import { parentPort, workerData } from 'node:worker_threads';
import { emit, StartLine, scaled, sleepBlocking } from '@concurrency/trace';
import { Condition, cell, Event, Lock, nominal, Semaphore } from './sync-primitives.ts';

export type Job = { buffer: SharedArrayBuffer; name: number; line: SharedArrayBuffer } & (
  | { role: 'sem'; fails: boolean; releaseOnError: boolean }
  | { role: 'waiter' }
  | { role: 'producer'; items: number; consumers: number }
  | { role: 'consumer'; loop: boolean }
  | { role: 'locker'; order: ('A' | 'B')[] }
);
type Of<R> = Extract<Job, { role: R }>;
const job = workerData as Job;
const c = new Int32Array(job.buffer);
const me = `worker-${job.name}`;
const timeout = scaled(nominal.timeoutMs);

// Part 1: `with sem:` around a job that may throw.
function semaphore({ name, fails, releaseOnError }: Of<'sem'>) {
  const sem = new Semaphore(c, cell.permits);
  if (!sem.acquire(timeout)) return emit(me, 'gave-up', `Worker ${name}: no permit in 4 s`);
  emit(me, 'enter', `Worker ${name} inside`);
  const work = () => {
    sleepBlocking(nominal.workMs);
    if (fails) throw new Error('bad input');
  };
  try {
    if (releaseOnError) {
      // with sem: ... the permit goes back however the block ends, a throw too.
      try {
        work();
      } finally {
        emit(me, 'leave', undefined);
        sem.release();
      }
    } else {
      // The contrast: acquire(); work(); release(). A throw skips the release.
      work();
      emit(me, 'leave', undefined);
      sem.release();
    }
  } catch (error) {
    emit(me, 'failed', `Worker ${name}: job failed (${(error as Error).message})`);
  }
}

// Part 2: event.wait() until main calls event.set().
function waiter({ name }: Of<'waiter'>) {
  parentPort?.postMessage('waiting');
  const set = new Event(c, cell.flag).wait(timeout);
  emit(
    me,
    set ? 'released' : 'timed-out',
    `Worker ${name}: ${set ? 'released' : 'no event in 4 s'}`,
  );
}

// Part 3: one slot, guarded by a condition. EMPTY: nothing in it; DONE: the end.
const EMPTY = 0;
const DONE = -1;
const cond = new Condition(new Lock(c, cell.lock));
const slot = () => Atomics.load(c, cell.slot);

function producer({ items, consumers }: Of<'producer'>) {
  for (let item = 1; item <= items + 1; item++) {
    cond.lock.acquire();
    // Put only once both consumers sleep on the condition (then the slot is empty),
    // so that each put wakes both: one takes the item, the other finds it gone.
    while (Atomics.load(c, cell.waiting) < consumers) {
      cond.lock.release();
      Atomics.wait(c, cell.waiting, Atomics.load(c, cell.waiting), 1); // look again in 1 ms
      cond.lock.acquire();
    }
    // slot = item; cond.notify_all()
    Atomics.store(c, cell.slot, item > items ? DONE : item);
    cond.notifyAll();
    cond.lock.release();
  }
}

function consumer({ name, loop }: Of<'consumer'>) {
  for (;;) {
    // with cond:
    cond.lock.acquire();
    // while not slot: cond.wait(). Woken, another thread may have emptied it first.
    if (loop) while (slot() === EMPTY) cond.wait();
    // The contrast: `if`, one check, then on, whatever the slot holds now.
    else if (slot() === EMPTY) cond.wait();
    const item = slot();
    // DONE stays in the slot, for the other consumer to see too.
    if (item !== DONE) Atomics.store(c, cell.slot, EMPTY);
    cond.lock.release();
    if (item === DONE) return;
    const text = item === EMPTY ? 'nothing: the slot was empty' : `item ${item}`;
    emit(`consumer-${name}`, 'took', `Consumer ${name}: took ${text}`, { item });
  }
}

// Part 4: two locks, taken in the order given; acquire(timeout) for the second.
function locker({ name, order: [first, second] }: Of<'locker'>) {
  const lock = { A: new Lock(c, cell.a), B: new Lock(c, cell.b) };
  new StartLine(job.line).arriveAndWait(); // proof: both start together
  lock[first!].acquire();
  emit(me, 'hold', `Worker ${name}: holding ${first}`);
  sleepBlocking(nominal.holdMs);
  // lock_b.acquire(timeout=4): a deadlock becomes a False, not a hang.
  if (!lock[second!].acquire(timeout)) {
    emit(me, 'deadlock', `Worker ${name}: no ${second} in 4 s while holding ${first}`);
    lock[first!].release();
    return parentPort?.postMessage('deadlock');
  }
  emit(me, 'done', `Worker ${name}: holding ${first} and ${second}, done`);
  lock[second!].release();
  lock[first!].release();
}

if (job.role === 'sem') {
  new StartLine(job.line).arriveAndWait(); // proof: all start together
  semaphore(job);
} else if (job.role === 'waiter') waiter(job);
else if (job.role === 'producer') producer(job);
else if (job.role === 'consumer') consumer(job);
else locker(job);
