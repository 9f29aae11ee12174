// The task every executor here runs: sleep a while (the stand-in for real work),
// then return a result. piscina calls the default export in a worker thread;
// tinypool and the hand-written process executor call it in a child process.
import { emit, sleep } from '@concurrency/trace';

// What a task is handed: crossed as data, as Python pickles a task's arguments.
export type Job = { name: string; ms: number; fail?: boolean };
// What it hands back: its name, and how long it slept.
export type Done = { name: string; value: number };

//   def task(job):
//       time.sleep(job.seconds)            # the stand-in for real work
//       if job.fail: raise RuntimeError(f"{job.name} failed on purpose")
//       return job.name
export default async function runTask(job: Job, signal?: AbortSignal): Promise<Done> {
  emit(job.name, 'start', `${job.name} started`);
  // time.sleep(seconds); a signal, when given, ends it early with an AbortError,
  // which Python's sleeping thread has no way to receive (cancel.ts).
  await sleep(job.ms, { signal });
  // raise RuntimeError(...): piscina, tinypool and the child each carry it back.
  if (job.fail) throw new Error(`${job.name} failed on purpose`);
  emit(job.name, 'finish', `${job.name} finished`);
  return { name: job.name, value: job.ms };
}
