// What a future can do besides hand over its result, on the pool of executors.ts:
// a timeout that stops the wait, a signal that stops the task, cancel() of a queued
// task and of a running one, an exception raised where the result is awaited, and
// the tasks still running when the `with` block ends.
import { once } from 'node:events';
import { MessageChannel } from 'node:worker_threads';
import { emit, scaled } from '@concurrency/trace';
import { nominal, type ThreadExecutor } from './executors.ts';
import { mapJobs } from './map.ts';
import type { Done } from './task.ts';

// AbortSignal.timeout wants whole milliseconds: 300 ms x 0.14 is 42.00000000000001.
const wholeMs = (nominalMs: number) => Math.round(scaled(nominalMs));

/** `future.result(timeout=t)`: give up waiting after t. The task is not stopped. */
export function resultWithin<T>(future: Promise<T>, nominalMs: number): Promise<T> {
  const timeout = AbortSignal.timeout(wholeMs(nominalMs));
  const timedOut = new Promise<never>((_, reject) => {
    timeout.addEventListener('abort', () => reject(timeout.reason), { once: true });
  });
  return Promise.race([future, timedOut]);
}

// f = ex.submit(task, slow); f.result(timeout=0.3) raises TimeoutError, and the
// task runs on: a timeout ends the wait, not the work. Then, with a signal, the
// work itself is stopped, which Python's executors cannot do.
export async function timeouts(pool: ThreadExecutor): Promise<void> {
  emit('main', 'part', '# result(timeout): stop waiting, or stop the task');
  const { slowMs, timeoutMs } = nominal;
  const slow = pool.submit({ name: 'slow-0', ms: slowMs });
  // f.result(timeout=0.3): a race between the task and a timer.
  await resultWithin(slow, timeoutMs).catch((error: Error) => {
    emit('main', 'timeout', `result(timeout): ${error.name} after ${timeoutMs} ms; slow-0 runs on`);
  });
  // f.result(): the same future, awaited again, gives the result once it comes.
  emit('main', 'result', `result(): ${(await slow).name} came back later`);

  // With a signal, piscina stops the task: it ends the thread running it (and
  // starts a fresh one). Nothing of the task runs after the abort.
  const signal = AbortSignal.timeout(wholeMs(timeoutMs));
  await pool.submit({ name: 'slow-1', ms: slowMs }, { signal }).catch((error: Error) => {
    emit(
      'main',
      'aborted',
      `run(job, { signal }): ${error.name} after ${timeoutMs} ms; slow-1 stopped with its thread (a new one boots)`,
    );
  });
}

// future.cancel(): a queued task is taken out and never starts. Python cannot cancel
// a running one; in Node the task can take a signal and stop itself.
//   f = ex.submit(task, job)   # every thread busy: f waits in the queue
//   f.cancel()                 # True: taken out, it never runs
export async function cancelling(pool: ThreadExecutor, workers: number): Promise<void> {
  emit('main', 'part', '# cancel(): a queued task, then a running one');
  const ms = nominal.cancelMs;
  // An AbortSignal cannot cross to a thread; a MessagePort can (task.ts).
  const { port1: stop, port2 } = new MessageChannel();
  const running = pool.submit(
    { name: 'cancel-0', ms, cancelPort: port2 },
    { transferList: [port2] },
  );
  const others = mapJobs('cancel', Array(workers).fill(ms))
    .slice(1)
    .map((job) => pool.submit(job));
  // Every thread has a task now: this one waits in the queue.
  // The AbortController is the future's cancel(): abort() takes the task out.
  const queued = new AbortController();
  const waiting = pool.submit({ name: `cancel-${workers}`, ms }, { signal: queued.signal });
  queued.abort();
  await waiting.catch((error: Error) => {
    emit('main', 'cancelled', `cancel-${workers}: ${error.name} while queued, never started`);
  });
  // A running task: Python's f.cancel() returns False, too late. Here the task
  // listens on its port; once it says "started", ask it to stop, and it aborts
  // its own work and throws, so its future rejects.
  await once(stop, 'message');
  stop.postMessage('cancel');
  await running.catch((error: Error) => emit('main', 'stopped', `main: ${error.message}`));
  stop.close();
  await Promise.all(others);
}

// try: f.result() except Exception as e: an exception in a task is raised again
// where its result is awaited, with its stack from the thread that ran it.
export async function raising(pool: ThreadExecutor): Promise<void> {
  emit('main', 'part', '# an exception in a task');
  const error = await pool
    .submit({ name: 'raise-0', ms: nominal.raiseMs, fail: true })
    .catch((thrown: Error) => thrown);
  const { message, stack = '' } = error as Error;
  // Its first frame names the task's own file: the stack came back from the thread.
  const [, fn, file] = /at (\S+) \(.*\/(\w+\.ts):\d+:\d+\)/.exec(stack) ?? [];
  emit('main', 'caught', `caught where awaited: ${message}`);
  emit('main', 'stack', `its stack starts in the task: ${fn} (${file})`);
}

// The last tasks, of different lengths, still running when the block ends: leaving
// `with` calls shutdown(wait=True), which waits for all of them (executors.ts).
export function submitClosing(pool: ThreadExecutor, workers: number, trustClose = false) {
  const close = trustClose ? "piscina's own close() (--piscina-close), with" : 'close() waits for';
  emit('main', 'shutdown', `# end of the block: ${close} the ${workers} tasks submitted`);
  const lengths = Array.from({ length: workers }, (_, i) => nominal.closeMs * (i + 1));
  return mapJobs('close', lengths).map((job) => pool.submit(job));
}
