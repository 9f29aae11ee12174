// The task every executor here runs: sleep a while (the stand-in for real work),
// then return a result. piscina calls the default export in a worker thread;
// tinypool and the hand-written process executor call it in a child process.
import type { MessagePort } from 'node:worker_threads';
import { emit, sleep } from '@concurrency/trace';

export interface Job {
  /** The actor in the trace: `map-3`, `cancel-1`, `proc-0`... */
  name: string;
  /** How long the task sleeps, in ms at scale 1. */
  ms: number;
  /** Throw instead of returning (--fail). */
  fail?: boolean;
  /** A port the task listens on for "cancel": how an abort reaches a thread. */
  cancelPort?: MessagePort;
}

/** What a task hands back: its name, and how long it slept. */
export interface Done {
  name: string;
  value: number;
}

// The Python twin:
//   def task(job):
//       time.sleep(job.seconds)            # the stand-in for real work
//       if job.fail: raise RuntimeError(f"{job.name} failed on purpose")
//       return job.name
export default async function runTask(job: Job): Promise<Done> {
  emit(job.name, 'start', `${job.name} started`);
  // A signal that fires if the caller cancels this running task (none, most times).
  const cancel = signalFrom(job.cancelPort);
  try {
    // time.sleep(seconds), but interruptible: an aborted signal ends it with an
    // AbortError, which Python's sleeping thread has no way to receive.
    await sleep(job.ms, { signal: cancel });
  } catch (error) {
    if (!cancel?.aborted) throw error;
    emit(job.name, 'cancelled', `${job.name} saw the abort and stopped`);
    throw new Error(`${job.name} was cancelled while running`);
  } finally {
    job.cancelPort?.close();
  }
  // raise RuntimeError(...): piscina, tinypool and child.ts each carry it back.
  if (job.fail) throw new Error(`${job.name} failed on purpose`);
  emit(job.name, 'finish', `${job.name} finished`);
  return { name: job.name, value: job.ms };
}

// An AbortSignal cannot be sent to another thread; a MessagePort can. The task turns
// its "cancel" message into a signal of its own, and says "started" on it, so the
// caller knows there is now something to cancel.
function signalFrom(port: MessagePort | undefined): AbortSignal | undefined {
  if (!port) return undefined;
  const controller = new AbortController();
  // The caller's "cancel" aborts this thread's own controller.
  port.once('message', () => controller.abort());
  // "started": from now on the caller has a running task to cancel.
  port.postMessage('started');
  return controller.signal;
}
