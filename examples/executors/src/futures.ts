// What a future gives besides its result on time, on the thread pool of executors.ts,
// inside its `with` block: a timeout that stops the wait, a signal that stops the
// task, and an exception raised where the result is awaited. (cancel(): cancel.ts.)
import { emit, scaled } from '@concurrency/trace';
import { firstFrame } from './report.ts';
import { nominal } from './setup.ts';
import type { Done, Job } from './task.ts';

// All a section needs of the pool: ex.submit(task, job), which returns the future.
type Pool = { submit(job: Job, options?: { signal?: AbortSignal }): Promise<Done> };

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
  // starts a fresh one). The future rejects with an AbortError; no "finished".
  const signal = AbortSignal.timeout(wholeMs(timeoutMs));
  // piscina's run(job, { signal }): the task's future, and the signal to stop it.
  await pool.submit({ name: 'slow-1', ms: slowMs }, { signal }).catch((error: Error) => {
    const how = `${error.name} after ${timeoutMs} ms; slow-1 stopped with its thread`;
    emit('main', 'aborted', `run(job, { signal }): ${how} (a new one boots)`);
  });
}

// try: f.result() except Exception as e: an exception in a task is raised again
// where its result is awaited, with its stack from the thread that ran it.
export async function raising(pool: Pool): Promise<void> {
  emit('main', 'part', '# an exception in a task');
  const job = { name: 'raise-0', ms: nominal.raiseMs, fail: true };
  const error = await pool.submit(job).catch((thrown: Error) => thrown);
  // except Exception as e: print(e); the Error is rebuilt here from the thread's.
  emit('main', 'caught', `caught where awaited: ${(error as Error).message}`);
  // Its first frame names the task's own file: the stack came back from the thread.
  emit('main', 'stack', `its stack starts in the task: ${firstFrame(error as Error)}`);
}
