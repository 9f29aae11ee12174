// Part four: one thread takes a lock it already holds. Python:
//   lock.acquire(); lock.acquire()     # Lock: waits for itself, for ever
//   rlock.acquire(); rlock.acquire()   # RLock: fine, released twice
// The thread's blocking waits stop only it: main's event loop goes on, and main joins it.
import './proof.ts'; // not the lesson: lines threads up for the test (see proof.ts)
import { once } from 'node:events';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { emit, scaled, workerEntry } from '@concurrency/trace';
import { AtomicsLock, DeadlockError } from './atomics-lock.ts';
import { AtomicsRLock } from './rlock.ts';
import { nominal } from './setup.ts';

// Main's side: this same file runs as the thread, given two lock cells of its own (the
// Lock's and the RLock's) in memory it can share.
export async function takeTwice(): Promise<void> {
  const shared = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const file = workerEntry(new URL('./twice.ts', import.meta.url));
  // thread.join(): `once` rejects with the thread's own error if it threw.
  await once(new Worker(file, { workerData: { shared } }), 'exit');
}

// The thread's side: loaded as a worker, this same file runs the steps below
// (Node's isMainThread tells the two apart).
if (!isMainThread) takeTwiceHere(new Int32Array(workerData.shared));

function takeTwiceHere(cells: Int32Array): void {
  // One lane in the trace for this thread's every step.
  const actor = 'twice';
  // lock = threading.Lock(); lock.acquire()
  const lock = new AtomicsLock(cells, 0);
  lock.lock();
  emit(actor, 'take', 'Lock: taken once');
  // lock.acquire(timeout=1): the holder asks again. Nobody else can ever release the
  // lock, so only the timeout ends the wait, returning False: that is how a deadlock is
  // found, not by a hang. The wait is announced: a second of silence looks like a hang.
  const seconds = nominal.deadlockTimeoutMs / 1000;
  emit(actor, 'retry', `Lock: taken again by its holder, giving up after ${seconds} s...`);
  if (lock.acquire(scaled(nominal.deadlockTimeoutMs))) emit(actor, 'take', 'Lock: taken twice');
  else emit(actor, 'deadlock', `Lock: still not taken after ${seconds} s: a deadlock`);
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

  // rlock = threading.RLock(); rlock.acquire(); rlock.acquire(): it counts the takes.
  const rlock = new AtomicsRLock(cells, 1);
  rlock.lock();
  const depth = rlock.lock();
  emit(actor, 'reenter', `RLock: taken twice by the same thread, depth ${depth}`, { depth });
  // rlock.release() twice: free again only after the second, when the shared cell
  // holds no owner and any thread may take it.
  rlock.unlock();
  const left = rlock.unlock();
  const free = Atomics.load(cells, 1) === 0 ? 'free again' : 'still held';
  emit(actor, 'release', `RLock: released twice, ${free}`, { depth: left });
}
