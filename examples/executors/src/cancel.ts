// future.cancel() on the thread pool of executors.ts: a queued task is taken out and
// never starts. Python cannot cancel a running one (cancel() returns False); in Node
// the task can take a signal and stop itself. Both sides are here: main's first, then
// the pool thread's, the task that listens for "cancel" (at the bottom).
import { once } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { emit, workerEntry } from '@concurrency/trace';
import { mapJobs, nominal } from './setup.ts';
import runTask, { type Done, type Job } from './task.ts';

// All this needs of the pool: submit, with piscina's options for the one task.
type Options = { signal?: AbortSignal; transferList?: MessagePort[]; filename?: string };
type Pool = { submit(job: object, options?: Options): Promise<Done> };

//   f = ex.submit(task, job)   # every thread busy: f waits in the queue
//   f.cancel()                 # True: taken out, it never runs
export async function cancelling(pool: Pool, workers: number): Promise<void> {
  emit('main', 'part', '# cancel(): a queued task, then a running one');
  const ms = nominal.cancelMs;
  // An AbortSignal cannot cross to a thread; a MessagePort can. This task runs the
  // export at the bottom of this file, which listens on the port.
  const { port1: stop, port2: port } = new MessageChannel();
  const filename = workerEntry(new URL('./cancel.ts', import.meta.url)).href;
  // The port is transferred, not copied: from now on only that thread holds it.
  const job = { name: 'cancel-0', ms };
  const running = pool.submit({ job, port }, { filename, transferList: [port] });
  // Every other thread gets a task of the same length.
  const jobs = mapJobs('cancel', Array(workers).fill(ms)).slice(1);
  const others = jobs.map((other) => pool.submit(other));
  // Every thread is busy now: this one waits in the queue. The AbortController is
  // its cancel(): piscina finds the task still queued, drops it, rejects the future.
  const queued = new AbortController();
  const waiting = pool.submit({ name: `cancel-${workers}`, ms }, { signal: queued.signal });
  // f.cancel(): the task has not started, so it never will.
  queued.abort();
  await waiting.catch((error: Error) => {
    emit('main', 'cancelled', `cancel-${workers}: ${error.name} while queued, never started`);
  });
  // A running task: once it says "started", ask it to stop. It aborts its own work
  // and throws, so its future rejects.
  await once(stop, 'message');
  // Python's f.cancel() would return False here: too late. This asks the task itself.
  stop.postMessage('cancel');
  await running.catch((error: Error) => emit('main', 'stopped', `main: ${error.message}`));
  // Our end of the channel closes too, and the other tasks finish as they would.
  stop.close();
  await Promise.all(others);
}

// The other side, in a pool thread: the task, with a signal of its own that the
// port's "cancel" message aborts.
export default async function cancellable({ job, port }: { job: Job; port: MessagePort }) {
  // A signal of this thread's own: the caller's "cancel" message aborts it.
  const controller = new AbortController();
  port.once('message', () => controller.abort());
  // "started": from now on the caller has a running task to cancel.
  port.postMessage('started');
  try {
    // The same task as every other, handed the signal: its sleep ends on the abort.
    return await runTask(job, controller.signal);
  } catch (error) {
    // A failure of its own passes through; an abort is told as a cancel.
    if (!controller.signal.aborted) throw error;
    emit(job.name, 'cancelled', `${job.name} saw the abort and stopped`);
    throw new Error(`${job.name} was cancelled while running`);
  } finally {
    // The port would keep this thread's event loop alive: close it either way.
    port.close();
  }
}
