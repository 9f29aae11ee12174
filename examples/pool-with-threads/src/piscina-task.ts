// The same tasks under piscina, the thread pool to use in production: piscina calls
// this file's default export with each task's data, in one of its worker threads.
import type { Task } from './setup-protocol.ts';
import { tasks } from './tasks.ts';

// piscina answers the promise its caller holds with what this returns (or throws):
// no ids, no replies to match, no thread to keep track of; the library does that.
export default function runTask({ task, args }: Task): unknown {
  // The same lookup by name as worker.ts: piscina clones the task too.
  const run = tasks[task];
  if (!run) throw new Error(`no task called ${JSON.stringify(task)}`);
  return run(...(args as never[]));
}
