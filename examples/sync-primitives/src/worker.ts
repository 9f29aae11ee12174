// The other side: each worker thread builds its own Lock, Semaphore, Event or
// Condition over the same shared cells, and uses it as Python code would.
import { parentPort, workerData } from 'node:worker_threads';
import { emit, StartLine, scaled, sleepBlocking } from '@concurrency/trace';
import { Event } from './event-condition.ts';
import { consumer, producer } from './slot.ts';
import { cell, Lock, nominal, Semaphore } from './sync-primitives.ts';

/** What main tells each worker to be; the shared cells and its name come with it. */
export type Role =
  | { role: 'sem'; fails: boolean; releaseOnError: boolean }
  | { role: 'waiter'; fail: boolean }
  | { role: 'producer'; items: number; consumers: number }
  | { role: 'consumer'; loop: boolean }
  | { role: 'locker'; order: ('A' | 'B')[] };
export type Job = Role & { buffer: SharedArrayBuffer; name: number; line: SharedArrayBuffer };
export type Of<R> = Extract<Job, { role: R }>;
const job = workerData as Job;
// This thread's view of the shared cells: the same memory main and the others see.
const c = new Int32Array(job.buffer);
// The actor this thread's lines are traced under.
const me = `worker-${job.name}`;
// Every acquire(timeout) and wait(timeout), scaled like the sleeps.
const timeout = scaled(nominal.timeoutMs);

// Part 1: `with sem:` around a job that may throw.
//   def worker(sem, i):
//       with sem: job(i)
function semaphore({ name, fails, releaseOnError }: Of<'sem'>) {
  // This thread's Semaphore object over the shared permits cell.
  const sem = new Semaphore(c, cell.permits);
  // if not sem.acquire(timeout=4): a leaked permit ends in this line, not a hang.
  if (!sem.acquire(timeout)) return emit(me, 'gave-up', `Worker ${name}: no permit in 4 s`);
  emit(me, 'enter', `Worker ${name} inside`);
  // The job: 1 s of work (a blocking sleep, the thread is busy), then maybe a raise.
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
    // The job's error is reported here; this thread goes on and ends normally.
    emit(me, 'failed', `Worker ${name}: job failed (${(error as Error).message})`);
  }
}

// Part 2: event.wait() until main calls event.set().
//   def waiter(event): event.wait(); print("released")
function waiter({ name, fail }: Of<'waiter'>) {
  // --fail: an uncaught throw ends this thread; main hears it and stops the rest.
  if (fail) emit(me, 'throw', undefined);
  if (fail) throw new Error(`worker ${name} failed on purpose`);
  // Tell main it is about to wait (a message, so main can await it).
  parentPort?.postMessage('waiting');
  // event.wait(timeout=4): blocks this thread, not main's event loop.
  const set = new Event(c, cell.flag).wait(timeout);
  const text = set ? 'released' : 'no event in 4 s';
  emit(me, set ? 'released' : 'timed-out', `Worker ${name}: ${text}`);
}

// Part 4: two locks, taken in the order given; acquire(timeout) for the second.
//   def transfer(first, second):
//       with first: work(); second.acquire(timeout=4) or report a deadlock
function locker({ name, order: [first, second] }: Of<'locker'>) {
  // lock_a, lock_b = threading.Lock(), threading.Lock(): shared by both workers.
  const lock = { A: new Lock(c, cell.a), B: new Lock(c, cell.b) };
  new StartLine(job.line).arriveAndWait(); // proof: both start together
  // lock_a.acquire(): the first lock, with no timeout; then work holding it.
  lock[first!].acquire();
  emit(me, 'hold', `Worker ${name}: holding ${first}`);
  sleepBlocking(nominal.holdMs);
  // lock_b.acquire(timeout=4): a deadlock becomes a False, not a hang.
  if (!lock[second!].acquire(timeout)) {
    emit(me, 'deadlock', `Worker ${name}: no ${second} in 4 s while holding ${first}`);
    // Give back what we hold, so the other can finish, and tell main.
    lock[first!].release();
    return parentPort?.postMessage('deadlock');
  }
  emit(me, 'done', `Worker ${name}: holding ${first} and ${second}, done`);
  // Release in the reverse order of taking.
  lock[second!].release();
  lock[first!].release();
}

// Which role this thread plays: main said so in workerData.
if (job.role === 'sem') {
  new StartLine(job.line).arriveAndWait(); // proof: all start together
  semaphore(job);
} else if (job.role === 'waiter') waiter(job);
else if (job.role === 'producer') producer(job);
else if (job.role === 'consumer') consumer(job);
else locker(job);
