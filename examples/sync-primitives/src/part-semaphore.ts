// Part 1: Semaphore(2) among five worker threads; the jobs of workers 1 and 3 throw.
// Both sides are in this file, as in the Python script: main calls semaphore(),
// which starts five workers on this file, and each of them runs worker().
//   sem = threading.Semaphore(2)
//   threads = [Thread(target=worker, args=(sem, i)) for i in range(5)]
// Not the lesson: proof.ts lines the workers up at a start line for the test.
import './proof.ts';
import { isMainThread, workerData } from 'node:worker_threads';
import { emit, scaled, sleepBlocking } from '@concurrency/trace';
import { Semaphore } from './semaphore.ts';
import { nominal } from './setup.ts';
import { run } from './sync-primitives.ts';

// What main hands each worker as workerData: the shared memory, its name, the flag.
type Job = { buffer: SharedArrayBuffer; name: number; releaseOnError: boolean };

// Main's side: one shared cell, five workers on it, then count the permits back.
export async function semaphore({ releaseOnError = true }) {
  const c = new Int32Array(new SharedArrayBuffer(4));
  // sem = threading.Semaphore(2): the cell starts with two permits.
  Atomics.store(c, 0, nominal.permits);
  // Five workers on this file; the odd ones' jobs will throw inside the semaphore.
  const job = (name: number): Job => ({ buffer: c.buffer, name, releaseOnError });
  const jobs = Array.from({ length: nominal.workers }, (_, name) => job(name));
  // Start them on this file and join them all (sync-primitives.ts).
  await run(new URL('./part-semaphore.ts', import.meta.url), jobs);
  // All joined: every permit taken should be back.
  const back = Atomics.load(c, 0);
  emit('main', 'permits', `Main: ${back} of ${nominal.permits} permits back`, { back });
}

// A worker's side: `with sem:` around a job that may throw.
//   def worker(sem, i):
//       with sem: job(i)
function worker({ buffer, name, releaseOnError }: Job) {
  // Its lane in the trace.
  const me = `worker-${name}`;
  // This thread's Semaphore object over the shared permits cell.
  const sem = new Semaphore(new Int32Array(buffer), 0);
  // if not sem.acquire(timeout=4): a leaked permit ends in this line, not a hang.
  if (!sem.acquire(scaled(nominal.timeoutMs))) {
    return emit(me, 'gave-up', `Worker ${name}: no permit in 4 s`);
  }
  emit(me, 'enter', `Worker ${name} inside`);
  // The job: 1 s of work (a blocking sleep, the thread is busy), then maybe a raise.
  const work = () => {
    sleepBlocking(nominal.workMs);
    if (name % 2 === 1) throw new Error('bad input');
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

// In each worker thread, this file runs the worker's side.
if (!isMainThread) worker(workerData as Job);
