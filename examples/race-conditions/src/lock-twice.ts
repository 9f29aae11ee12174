// Part four, in one worker thread: it takes a lock it already holds. Python:
//   lock.acquire(); lock.acquire()     # Lock: waits for itself, for ever
//   rlock.acquire(); rlock.acquire()   # RLock: fine, released twice
// (The first import lines threads up for the test: see proof.ts. Not the lesson.)
import './proof.ts';
import { workerData } from 'node:worker_threads';
import { emit, scaled } from '@concurrency/trace';
import { AtomicsLock, DeadlockError } from './atomics-lock.ts';
import { AtomicsRLock } from './rlock.ts';
import { nominal } from './setup.ts';

// This file is a worker thread of its own (started by twice.ts), so that its
// blocking waits stop only this thread: main's event loop goes on.
// workerData.shared: two Int32 cells main made for this thread, shared, not copied:
// the Lock's (0) and the RLock's (1). Each lock needs a cell of its own.
const [LOCK, RLOCK] = [0, 1];
takeTwice(new Int32Array((workerData as { shared: SharedArrayBuffer }).shared));

function takeTwice(cells: Int32Array): void {
  const actor = 'twice';
  // lock = threading.Lock(); lock.acquire()
  const lock = new AtomicsLock(cells, LOCK);
  lock.lock();
  emit(actor, 'take', 'Lock: taken once');

  // lock.acquire(timeout=1): the holder asks again. The lock is held (by this very
  // thread), so it waits; nobody else can ever release it. Only the timeout ends
  // the wait, and returns False: that is how a deadlock is found, not by a hang.
  const seconds = nominal.deadlockTimeoutMs / 1000;
  emit(actor, 'retry', `Lock: taken again by its holder, giving up after ${seconds} s...`);
  // The wait is announced above: a second of silence would look like a hang.
  if (lock.acquire(scaled(nominal.deadlockTimeoutMs))) {
    emit(actor, 'take', 'Lock: taken twice');
  } else {
    emit(actor, 'deadlock', `Lock: still not taken after ${seconds} s: a deadlock`);
  }

  // The same mistake with a lock that knows its owner: an error at once.
  try {
    lock.lock();
  } catch (error) {
    if (!(error instanceof DeadlockError)) throw error;
    emit(actor, 'refused', `Lock: taken again, refused: ${error.message}`);
  }
  // lock.release(): once, for the one take that succeeded.
  lock.unlock();
  emit(actor, 'release', 'Lock: released, free again');

  // An RLock counts its holder's takes: free only once released as often.
  // rlock = threading.RLock(); rlock.acquire(); rlock.acquire()
  const rlock = new AtomicsRLock(cells, RLOCK);
  rlock.lock();
  const depth = rlock.lock();
  emit(actor, 'reenter', `RLock: taken twice by the same thread, depth ${depth}`, { depth });
  // rlock.release() twice: free again only after the second.
  rlock.unlock();
  const left = rlock.unlock();
  // Free means the shared cell holds no owner: any thread may take it now.
  const free = Atomics.load(cells, RLOCK) === 0;
  emit(actor, 'release', `RLock: released twice, ${free ? 'free again' : 'still held'}`, {
    depth: left,
  });
}
