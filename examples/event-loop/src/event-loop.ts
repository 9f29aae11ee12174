// One turn of Node's event loop. Node runs one callback at a time; between two
// callbacks it empties two queues, first process.nextTick's, then the promise
// microtasks; then the loop goes round its phases: timers (setTimeout), poll (I/O
// callbacks), check (setImmediate). asyncio has one ready queue and a timer heap.
import { readFile } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { emit } from '@concurrency/trace';

// Every step prints its line the moment it runs, and traces it as event `step`.
const say = (step: string, text: string) => emit('node', step, `[node] ${text}`);

/**
 * Schedules one of each kind of callback and resolves once all have run. It starts
 * as a callback of its own (setImmediate), as a CommonJS main script does: an ES
 * module's body runs inside a promise job, where promises come before nextTick.
 */
export function oneTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => scene(resolve)));
}

// The scene: one callback of each kind, each printing its line when it runs. Read
// it top to bottom, then the output: the order is Node's, not the page's.
function scene(done: () => void): void {
  // Done once three have run: the timeout, the immediate, and the I/O part's last.
  let pending = 3;
  const last = (step: string, text: string) => {
    say(step, text);
    if (--pending === 0) done();
  };
  // Python: a callback, or a coroutine up to its next await: nothing interrupts it.
  say('sync', 'synchronous code runs to its end before any callback');

  // Python: loop.call_later(0, cb). Node's setTimeout(0) means 1 ms, run in the
  // timers phase once that ms has passed.
  setTimeout(() => last('timer', 'setTimeout 0'), 0);

  // Python: loop.call_soon(cb). setImmediate runs in the check phase, after I/O.
  // From here, timers or check may come first: Node does not order these two.
  setImmediate(() => last('immediate', 'setImmediate'));

  // Python: future.add_done_callback(cb), then future.set_result(...). A promise
  // reaction is a microtask: it runs before the loop moves on to any phase.
  void Promise.resolve().then(() => say('promise', 'promise.then (a microtask)'));

  // No Python twin: Node's own queue, emptied before the promise microtasks.
  process.nextTick(() => say('nextTick', 'process.nextTick'));

  // Python: loop.add_reader(fd, cb), or an await on a stream. The read runs on
  // libuv's thread pool; its callback comes in the poll phase of a later turn.
  readFile(fileURLToPath(import.meta.url), () => {
    // Its place against the first setTimeout and setImmediate is not fixed either:
    // it comes when the thread pool is done, usually a turn or two later.
    say('io', 'readFile callback (poll phase)');
    // Inside an I/O callback the order is fixed: the check phase comes next, so
    // setImmediate always runs before a setTimeout 0 scheduled beside it.
    setTimeout(() => last('io-timer', 'setTimeout 0, from the I/O callback'), 0);
    setImmediate(() => say('io-immediate', 'setImmediate, from the I/O callback'));
    void Promise.resolve().then(() => say('io-promise', 'promise.then, from the I/O callback'));
    process.nextTick(() => say('io-nextTick', 'process.nextTick, from the I/O callback'));
  });

  // Nothing above has run yet: each call only queued a callback. Now this callback
  // returns, Node empties nextTick's queue, then the microtasks, then goes round.
  say('sync-end', 'synchronous code ends: now the queues, then the phases');
}
