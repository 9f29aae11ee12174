// Part three's thread, with its own V8 heap, sharing only `job.shared`. Each increment
// is read, window, write: the window (a blocking sleep, the Python's time.sleep) is
// where another thread can slip in. A worker may block: main's event loop goes on.
import './proof.ts'; // not the lesson: lines workers up for the test (see proof.ts)
import { workerData } from 'node:worker_threads';
import { emit, sleepBlocking } from '@concurrency/trace';
import { AtomicsLock, withLock } from './atomics-lock.ts';
import { nominal } from './setup.ts';
import { type CounterJob, cell } from './shared-counter.ts';

const { name, guard, part, increments, fail, shared } = workerData as CounterJob;
const actor = `worker-${name}`;
// Every thread gets the same memory: a SharedArrayBuffer is shared, not copied.
const cells = new Int32Array(shared);
// Every worker builds its own AtomicsLock over the one shared cell.
const lock = new AtomicsLock(cells, cell.lock);
// with lock: ...  (or, for the unsafe part, no lock at all)
const locked = (section: () => void) => (guard === 'mutex' ? withLock(lock, section) : section());

// Traced, not printed: when this thread began (they all begin together).
emit(actor, 'start', undefined, { part });
// --fail: throw inside the critical section; withLock must still release the lock.
if (fail) {
  locked(() => {
    throw new Error(`worker ${name} failed inside its critical section`);
  });
}
// for _ in range(increments): with lock: counter.value += 1 (the slow way)
for (let i = 0; i < increments; i++) {
  if (guard === 'atomic') {
    // The same wait, but the add itself is one indivisible step: no read whose value
    // can go stale, so nothing to lock.
    sleepBlocking(nominal.windowMs);
    Atomics.add(cells, cell.counter, 1);
  } else {
    // The slow way, inside the lock or (for the unsafe part) not.
    locked(readWaitWrite);
  }
}
// Traced, not printed: how many this thread added, for the test to sum.
emit(actor, 'done', undefined, { part, increments });

// local_copy = self.value; time.sleep(...); self.value = local_copy + 1
function readWaitWrite(): void {
  // A plain read. Atomics.load would not help: the value is fresh when read; it goes
  // stale during the window.
  const seen = cells[cell.counter]!;
  emit(actor, 'enter', undefined, { part, value: seen });
  sleepBlocking(nominal.windowMs);
  cells[cell.counter] = seen + 1;
  emit(actor, 'leave', undefined, { part, value: seen + 1 });
}
