// What a future can do besides hand over its result, on the thread pool of
// executors.ts: a timeout that stops the wait, a signal that stops the task, cancel()
// of a queued task and of a running one, and an exception raised where the result is
// awaited. main.ts hands each of these sections the pool, inside its `with` block.
import { once } from 'node:events';
import { MessageChannel, type TransferListItem } from 'node:worker_threads';
import { emit, scaled } from '@concurrency/trace';
import { firstFrame } from './report.ts';
import { mapJobs, nominal } from './setup.ts';
import type { Done, Job } from './task.ts';

// All a section needs of the pool: ex.submit(task, job), which returns the future.
type Options = { signal?: AbortSignal; transferList?: TransferListItem[] };
type Pool = { submit(job: Job, options?: Options): Promise<Done> };

// AbortSignal.timeout wants whole milliseconds: 300 ms x 0.14 is 42.00000000000001.
const wholeMs = (nominalMs: number) => Math.round(scaled(nominalMs));

/** `future.result(timeout=t)`: give up waiting after t. The task is not stopped. */
export function resultWithin<T>(future: Promise<T>, nominalMs: number): Promise<T> {
  // A signal that aborts by itself after t, with a TimeoutError as its reason.
  const timeout = AbortSignal.timeout(wholeMs(nominalMs));
  // A promise that only ever rejects, when the signal fires.
  const timedOut = new Promise<never>((_, reject) => {
    timeout.addEventListener('abort', () => reject(timeout.reason), { once: true });
  });
  // Whichever settles first: the result, or the TimeoutError. The loser runs on.
  return Promise.race([future, timedOut]);
}

// f = ex.submit(task, slow); f.result(timeout=0.3) raises TimeoutError, and the
// task runs on: a timeout ends the wait, not the work. Then, with a signal, the
// work itself is stopped, which Python's executors cannot do.
export async function timeouts(pool: Pool): Promise<void> {
  emit('main', 'part', '# result(timeout): stop waiting, or stop the task');
  const { slowMs, timeoutMs } = nominal;
  // f = ex.submit(task, slow): a thread starts on it at once.
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
  // The future rejects with an AbortError, and slow-1 never prints "finished".
  await pool.submit({ name: 'slow-1', ms: slowMs }, { signal }).catch((error: Error) => {
    const stopped = 'slow-1 stopped with its thread (a new one boots)';
    emit(
      'main',
      'aborted',
      `run(job, { signal }): ${error.name} after ${timeoutMs} ms; ${stopped}`,
    );
  });
}

// future.cancel(): a queued task is taken out and never starts. Python cannot cancel
// a running one; in Node the task can take a signal and stop itself.
//   f = ex.submit(task, job)   # every thread busy: f waits in the queue
//   f.cancel()                 # True: taken out, it never runs
export async function cancelling(pool: Pool, workers: number): Promise<void> {
  emit('main', 'part', '# cancel(): a queued task, then a running one');
  const ms = nominal.cancelMs;
  // An AbortSignal cannot cross to a thread; a MessagePort can (task.ts).
  const { port1: stop, port2 } = new MessageChannel();
  const running = pool.submit(
    { name: 'cancel-0', ms, cancelPort: port2 },
    { transferList: [port2] },
  );
  // Every other thread gets a task of the same length.
  const others = mapJobs('cancel', Array(workers).fill(ms))
    .slice(1)
    .map((job) => pool.submit(job));
  // Every thread has a task now: this one waits in the queue.
  // The AbortController is the future's cancel(): abort() takes the task out.
  const queued = new AbortController();
  const waiting = pool.submit({ name: `cancel-${workers}`, ms }, { signal: queued.signal });
  // f.cancel(): piscina finds the task still queued, drops it, rejects the future.
  queued.abort();
  await waiting.catch((error: Error) => {
    emit('main', 'cancelled', `cancel-${workers}: ${error.name} while queued, never started`);
  });
  // A running task: Python's f.cancel() returns False, too late. Here the task
  // listens on its port; once it says "started", ask it to stop, and it aborts
  // its own work and throws, so its future rejects.
  // The task's "started" message: only now is there a running task to stop.
  await once(stop, 'message');
  stop.postMessage('cancel');
  await running.catch((error: Error) => emit('main', 'stopped', `main: ${error.message}`));
  // Our end of the channel closes too, and the other tasks finish as they would.
  stop.close();
  await Promise.all(others);
}

// try: f.result() except Exception as e: an exception in a task is raised again
// where its result is awaited, with its stack from the thread that ran it.
export async function raising(pool: Pool): Promise<void> {
  emit('main', 'part', '# an exception in a task');
  const error = await pool
    .submit({ name: 'raise-0', ms: nominal.raiseMs, fail: true })
    .catch((thrown: Error) => thrown);
  // except Exception as e: print(e); the Error is rebuilt here from the thread's.
  emit('main', 'caught', `caught where awaited: ${(error as Error).message}`);
  // Its first frame names the task's own file: the stack came back from the thread.
  emit('main', 'stack', `its stack starts in the task: ${firstFrame(error as Error)}`);
}
