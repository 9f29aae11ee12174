// Part 4: two workers need locks A and B, in one order or (the contrast) opposite
// ones. Both sides are in this file: main calls deadlock(), each worker transfer().
//   Thread(target=transfer, args=(lock_a, lock_b)).start()
//   Thread(target=transfer, args=(lock_b, lock_a)).start()   # the deadlock
// Not the lesson: proof.ts lines the workers up at a start line for the test.
import './proof.ts';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { emit, scaled, sleepBlocking } from '@concurrency/trace';
import { Lock } from './lock.ts';
import { nominal } from './setup.ts';
import { run } from './sync-primitives.ts';

// What main hands each worker as workerData: the two lock cells, its name, its order.
type Job = { buffer: SharedArrayBuffer; name: number; order: ('A' | 'B')[]; waitMs: number };

// Main's side: two lock cells, two workers; report a worker that gave up, exit 1.
export async function deadlock({ oppositeOrder = false }) {
  const buffer = new SharedArrayBuffer(2 * 4);
  // Worker 0 takes A then B; worker 1 the same, or B then A for the contrast.
  // Worker 1 waits twice as long for its second lock, so that in the deadlock one
  // gives up first: its release is then what lets the other finish. (With equal
  // timeouts both give up at once, and nothing shows the release.)
  const jobs: Job[] = [
    { buffer, name: 0, order: ['A', 'B'], waitMs: nominal.timeoutMs },
    {
      buffer,
      name: 1,
      order: oppositeOrder ? ['B', 'A'] : ['A', 'B'],
      waitMs: 2 * nominal.timeoutMs,
    },
  ];
  // A worker whose acquire(timeout) gave up says so in a message; main reports it.
  const gaveUp: number[] = [];
  await run(new URL('./part-deadlock.ts', import.meta.url), jobs, async (workers) => {
    for (const [i, w] of workers.entries()) w.on('message', () => gaveUp.push(i));
  });
  if (gaveUp.length > 0) {
    const who = gaveUp.join(' and ');
    throw new Error(`deadlock: worker ${who} gave up waiting for a lock the other held`);
  }
}

// A worker's side: two locks, taken in the order given; acquire(timeout) for the second.
//   def transfer(first, second):
//       with first: work(); second.acquire(timeout=wait) or report a deadlock
function transfer({ buffer, name, order: [first = 'A', second = 'B'], waitMs }: Job) {
  // Its lane in the trace.
  const me = `worker-${name}`;
  // lock_a, lock_b = threading.Lock(), threading.Lock(): shared by both workers.
  const c = new Int32Array(buffer);
  const lock = { A: new Lock(c, 0), B: new Lock(c, 1) };
  // lock_a.acquire(): the first lock, with no timeout; then work holding it.
  lock[first].acquire();
  emit(me, 'hold', `Worker ${name}: holding ${first}`);
  sleepBlocking(nominal.holdMs);
  // lock_b.acquire(timeout=4), or 8 for worker 1: a deadlock becomes a False, not a hang.
  if (!lock[second].acquire(scaled(waitMs))) {
    emit(
      me,
      'deadlock',
      `Worker ${name}: no ${second} in ${waitMs / 1000} s while holding ${first}`,
    );
    // Give back what we hold, so the other can finish, and tell main.
    lock[first].release();
    return parentPort?.postMessage('deadlock');
  }
  emit(me, 'done', `Worker ${name}: holding ${first} and ${second}, done`);
  // Release in the reverse order of taking.
  lock[second].release();
  lock[first].release();
}

// In each worker thread, this file runs the worker's side.
if (!isMainThread) transfer(workerData as Job);
