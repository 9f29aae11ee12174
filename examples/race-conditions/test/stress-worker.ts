// One side of the stress test: take the lock, read-modify-write a plain counter,
// release, as fast as possible, until told to stop. No sleeps: the race a broken
// lock lets through is a few nanoseconds wide, so it needs numbers, not luck.
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { AtomicsLock } from '../src/atomics-lock.ts';
import { AtomicsRLock } from '../src/rlock.ts';
import { STEP, type StressJob, word } from './stress-job.ts';

const { shared, mode } = workerData as StressJob;
const words = new Int32Array(shared);
const lock = new AtomicsLock(words, word.lock);
const rlock = new AtomicsRLock(words, word.lock);
const me = threadId;

if (mode === 'unlock-foreign') {
  // The lock is held by the test's thread: unlocking it from here must throw.
  try {
    lock.unlock();
    parentPort!.postMessage({ unlocked: true });
  } catch (error) {
    parentPort!.postMessage({ refused: (error as Error).message });
  }
} else if (mode === 'timeout') {
  // lock.acquire(timeout=...) on a lock this thread already holds: only the timeout
  // can end the wait. Here, not in the test's thread: a wait that ignored its timeout
  // would block that thread for ever, and the test could never say what went wrong.
  lock.acquire();
  const began = performance.now();
  const again = lock.acquire(50);
  const waitedMs = performance.now() - began;
  const stillMine = lock.heldByMe();
  lock.unlock();
  const afterRelease = lock.acquire(50);
  lock.unlock();
  parentPort!.postMessage({ again, waitedMs, stillMine, afterRelease });
} else {
  parentPort!.postMessage('ready');
  Atomics.wait(words, word.go, 0);
  let intruders = 0;
  let operations = 0;
  while (Atomics.load(words, word.stop) === 0) {
    if (mode === 'add') {
      Atomics.add(words, word.counter, 1);
    } else if (mode === 'rlock') {
      // Taken twice by its holder, released twice: free only after the second.
      rlock.lock();
      rlock.lock();
      intruders += section();
      rlock.unlock();
      rlock.unlock();
    } else {
      lock.lock();
      intruders += section();
      lock.unlock();
    }
    operations++;
    if (operations % STEP === 0) Atomics.add(words, word.progress, 1);
  }
  parentPort!.postMessage({ operations, intruders });
}

// Inside: say who is here, read, check nobody else came in, write back. With a
// working lock the holder word is ours from the first line to the last.
function section(): number {
  let intruders = 0;
  words[word.holder] = me;
  const seen = words[word.counter]!;
  if (words[word.holder] !== me) intruders++;
  words[word.counter] = seen + 1;
  if (words[word.holder] !== me) intruders++;
  return intruders;
}
