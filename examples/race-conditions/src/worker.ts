// The worker side. Each increment is read, window, write: the window (a blocking
// sleep, the Python program's time.sleep) is where another thread can slip in.
import { parentPort, workerData } from 'node:worker_threads';
import { emit, sleepBlocking } from '@concurrency/trace';
import { AtomicsLock, AtomicsRLock, DeadlockError, withLock } from './atomics-lock.ts';
import { type CounterJob, cell, type TwiceJob } from './jobs.ts';
import { nominal } from './nominal.ts';

const job = workerData as CounterJob | TwiceJob;
const cells = new Int32Array(job.shared);

if (job.kind === 'count') count(job);
else takeTwice();

function count({ name, guard, part, increments, fail }: CounterJob): void {
  const actor = `worker-${name}`;
  const lock = new AtomicsLock(cells, cell.lock);
  const locked = (section: () => void) => (guard === 'mutex' ? withLock(lock, section) : section());
  if (fail) {
    // --fail: this worker throws inside its critical section as soon as it is let go.
    // Proof machinery: it takes the lock before the go, while nobody else asks for it.
    // Taking it after, it could wait long: this lock lets in whoever asks first, not
    // whoever has waited longest, and one worker may keep it until it is done.
    locked(() => {
      waitForGo();
      throw new Error(`worker ${name} failed inside its critical section`);
    });
  }
  waitForGo();

  for (let i = 0; i < increments; i++) {
    if (guard === 'atomic') {
      // The same wait, but the add itself is one indivisible step: no read whose
      // value can go stale, so nothing to lock.
      sleepBlocking(nominal.windowMs);
      Atomics.add(cells, cell.counter, 1);
    } else {
      locked(() => readWaitWrite(actor, part));
    }
  }
  emit(actor, 'done', undefined, { part, increments });
}

// Proof machinery, not the lesson: say 'ready', then sleep on the go cell until
// main has heard from every worker and wakes them all at once (see shared-counter.ts).
function waitForGo(): void {
  parentPort!.postMessage('ready');
  Atomics.wait(cells, cell.go, 0);
}

function readWaitWrite(actor: string, part: string): void {
  // A plain read. Atomics.load here would not help: the value is fresh when read;
  // it goes stale during the window.
  const seen = cells[cell.counter]!;
  emit(actor, 'enter', undefined, { part, value: seen });
  sleepBlocking(nominal.windowMs);
  cells[cell.counter] = seen + 1;
  emit(actor, 'leave', undefined, { part, value: seen + 1 });
}

// Python: lock.acquire() twice hangs forever; rlock.acquire() twice counts to 2.
function takeTwice(): void {
  const actor = 'twice';
  const lock = new AtomicsLock(cells, cell.lock);
  lock.lock();
  emit(actor, 'take', 'Lock: taken once');
  try {
    lock.lock();
    emit(actor, 'take', 'Lock: taken twice');
  } catch (error) {
    if (!(error instanceof DeadlockError)) throw error;
    emit(actor, 'refused', `Lock: taken again, refused: ${error.message}`);
  }
  lock.unlock();
  emit(actor, 'release', 'Lock: released, free again');

  const rlock = new AtomicsRLock(cells, cell.rlock);
  rlock.lock();
  const depth = rlock.lock();
  emit(actor, 'reenter', `RLock: taken twice by the same thread, depth ${depth}`, { depth });
  rlock.unlock();
  const left = rlock.unlock();
  const free = Atomics.load(cells, cell.rlock) === 0;
  emit(actor, 'release', `RLock: released twice, ${free ? 'free again' : 'still held'}`, {
    depth: left,
  });
}
