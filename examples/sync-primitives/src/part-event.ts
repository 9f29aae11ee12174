// Part 2: four workers wait on one Event; main sets it once, and all go. Both sides
// are in this file: main calls event(), each worker it starts runs waiter().
//   event = threading.Event(); start four threads calling event.wait()
//   time.sleep(1); event.set()
// Not the lesson: proof.ts lines the workers up at a start line for the test.
import './proof.ts';
import { once } from 'node:events';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { emit, scaled, sleep } from '@concurrency/trace';
import { Event } from './event.ts';
import { nominal } from './setup.ts';
import { run } from './sync-primitives.ts';

// What main hands each worker as workerData: the shared flag, its name, --fail.
type Job = { buffer: SharedArrayBuffer; name: number; fail: boolean };

// Main's side: one shared flag, four waiters; set it once they all wait.
export async function event({ fail = false }) {
  const c = new Int32Array(new SharedArrayBuffer(4));
  // --fail: worker 0 throws instead of waiting; main names it and stops the rest.
  const job = (name: number): Job => ({ buffer: c.buffer, name, fail: fail && name === 0 });
  const jobs = Array.from({ length: nominal.waiters }, (_, name) => job(name));
  // Start them on this file; while they run, main does what follows; then join all.
  await run(new URL('./part-event.ts', import.meta.url), jobs, async (workers) => {
    // Each says "waiting" just before it blocks; let them sleep a moment.
    await Promise.all(workers.map((w) => once(w, 'message')));
    await sleep(nominal.workMs);
    // event.set(): from main too, since it only stores and notifies, never waits.
    emit('main', 'set', 'Main: event.set()');
    new Event(c, 0).set();
  });
}

// A worker's side: event.wait() until main calls event.set().
//   def waiter(event): event.wait(); print("released")
function waiter({ buffer, name, fail }: Job) {
  // Its lane in the trace.
  const me = `worker-${name}`;
  // An uncaught throw ends this thread; main hears it and stops the rest.
  if (fail) emit(me, 'throw', undefined);
  if (fail) throw new Error(`worker ${name} failed on purpose`);
  // Tell main it is about to wait (a message, so main can await it).
  parentPort?.postMessage('waiting');
  // event.wait(timeout=4): blocks this thread, not main's event loop.
  const set = new Event(new Int32Array(buffer), 0).wait(scaled(nominal.timeoutMs));
  const text = set ? 'released' : 'no event in 4 s';
  emit(me, set ? 'released' : 'timed-out', `Worker ${name}: ${text}`);
}

// In each worker thread, this file runs the worker's side.
if (!isMainThread) waiter(workerData as Job);
