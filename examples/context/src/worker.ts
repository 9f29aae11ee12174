// The other side: a worker thread, a V8 isolate of its own with its own copy of
// every module, context.ts included. Nothing of main's async context reaches it.
import { workerData } from 'node:worker_threads';
import { log, runAs } from './context.ts';

// What came with the thread: a copy of the id main found in its store, and the data.
const { id, user, fail } = workerData as { id: number; user: string; fail: boolean };

// Python: in a threading.Thread, request_id.get() is None. This isolate's
// AsyncLocalStorage is another object, and its store is empty.
log(user, 'worker-before', 'in a worker, before run(): no store');

// Python: contextvars.copy_context().run(fn), what asyncio.to_thread does for you.
// Enter the id that came in workerData, and the logger finds it again.
runAs(id, () => {
  // --fail: this thread throws; main hears it through once(worker, 'exit').
  if (fail) throw new Error(`the worker of ${user} failed on purpose`);
  log(user, 'worker-inside', 'in a worker, inside run(id)');
});
