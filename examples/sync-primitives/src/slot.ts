// Part 3, the worker side: one slot shared by a producer and two consumers,
// guarded by a Condition. The consumers' wait is the lesson: `while`, not `if`.
import { workerData } from 'node:worker_threads';
import { emit } from '@concurrency/trace';
import { Condition } from './event-condition.ts';
import { cell, Lock } from './sync-primitives.ts';
import type { Job, Of } from './worker.ts';

// The shared cells, as this thread sees them.
const c = new Int32Array((workerData as Job).buffer);

// Part 3: one slot, guarded by a condition. EMPTY: nothing in it; DONE: the end.
const EMPTY = 0;
const DONE = -1;
// cond = threading.Condition(threading.Lock()), over the shared cells.
const cond = new Condition(new Lock(c, cell.lock));
// What the slot holds now; read under the lock.
const slot = () => Atomics.load(c, cell.slot);

// The producer: items 1 to 4, then DONE, each when the slot is free.
//   with cond: slot.append(item); cond.notify_all()

export function producer({ items, consumers }: Of<'producer'>) {
  for (let item = 1; item <= items + 1; item++) {
    cond.lock.acquire();
    // Put only once both consumers sleep on the condition (then the slot is empty),
    // so that each put wakes both: one takes the item, the other finds it gone.
    while (Atomics.load(c, cell.waiting) < consumers) {
      cond.lock.release();
      // Not a cond.wait(): consumers going to sleep notify nobody. Look again in 1 ms.
      Atomics.wait(c, cell.waiting, Atomics.load(c, cell.waiting), 1);
      cond.lock.acquire();
    }
    // slot = item; cond.notify_all()
    Atomics.store(c, cell.slot, item > items ? DONE : item);
    cond.notifyAll();
    cond.lock.release();
  }
}

// A consumer: take items until DONE; Python's `with cond:` is the acquire/release.
export function consumer({ name, loop }: Of<'consumer'>) {
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
    // Out of the lock before printing: hold a lock no longer than the data needs.
    if (item === DONE) return;
    const text = item === EMPTY ? 'nothing: the slot was empty' : `item ${item}`;
    emit(`consumer-${name}`, 'took', `Consumer ${name}: took ${text}`, { item });
  }
}
