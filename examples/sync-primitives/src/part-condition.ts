// Part 3: a producer and two consumers share one slot under a Condition. The
// consumers' wait is the lesson: `while`, not `if`. Both sides are in this file.
//   cond = threading.Condition(); slot = []
//   Thread(target=producer).start(); two Thread(target=consumer).start()
import { isMainThread, workerData } from 'node:worker_threads';
import { emit } from '@concurrency/trace';
import { Condition } from './condition.ts';
// Not the lesson: proof.ts times the producer's puts, and lines the workers up.
import { untilAllWaiting } from './proof.ts';
import { nominal } from './setup.ts';
import { run } from './sync-primitives.ts';

// Cells: the condition's three, then the slot (EMPTY: nothing in it; DONE: the end).
const [COND, SLOT, EMPTY, DONE] = [0, 3, 0, -1];
// What main hands each worker as workerData: the shared cells, its name, the flag.
type Job = { buffer: SharedArrayBuffer; name: number; loop: boolean };

// Main's side: worker 0 the producer, 1 and 2 the consumers; loop: false, the contrast.
export async function condition({ loop = true }) {
  const buffer = new SharedArrayBuffer(4 * 4);
  const jobs = [0, 1, 2].map((name): Job => ({ buffer, name, loop }));
  await run(new URL('./part-condition.ts', import.meta.url), jobs);
}

// The producer: items 1 to 4, then DONE, each into the empty slot.
//   with cond: slot.append(item); cond.notify_all()
function producer(cond: Condition) {
  for (let item = 1; item <= nominal.items + 1; item++) {
    cond.acquire();
    // The slot is empty once both consumers sleep on the condition: wait for that.
    untilAllWaiting(cond, 2);
    Atomics.store(cond.c, SLOT, item > nominal.items ? DONE : item);
    cond.notifyAll();
    cond.release();
  }
}

// A consumer: take items until DONE; Python's `with cond:` is the acquire/release.
function consumer(cond: Condition, { name, loop }: Job) {
  const slot = () => Atomics.load(cond.c, SLOT);
  for (;;) {
    // with cond: (acquire here, release below)
    cond.acquire();
    // while not slot: cond.wait(). Woken, another thread may have emptied it first.
    if (loop) while (slot() === EMPTY) cond.wait();
    // The contrast: `if`, one check, then on, whatever the slot holds now.
    else if (slot() === EMPTY) cond.wait();
    const item = slot();
    // DONE stays in the slot, for the other consumer to see too.
    if (item !== DONE) Atomics.store(cond.c, SLOT, EMPTY);
    cond.release();
    // Out of the lock before printing: hold a lock no longer than the data needs.
    if (item === DONE) return;
    const text = item === EMPTY ? 'nothing: the slot was empty' : `item ${item}`;
    emit(`consumer-${name}`, 'took', `Consumer ${name}: took ${text}`, { item });
  }
}

// In each worker thread: its own Condition over the shared cells, then its role.
if (!isMainThread) {
  const job = workerData as Job;
  const cond = new Condition(new Int32Array(job.buffer), COND);
  if (job.name === 0) producer(cond);
  else consumer(cond, job);
}
