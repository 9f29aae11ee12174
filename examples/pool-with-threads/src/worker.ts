// One thread of a pool process: it runs the tasks its process hands it, one at a
// time, and answers each with a reply. A task that throws is answered, not fatal:
// the thread stays in the pool, as a Python Pool's worker does. It is Python's
//   threading.Thread(target=thread_task, args=(i,))
// kept alive, looking each task's function up by name.
import { parentPort } from 'node:worker_threads';
import type { FromThread, Reply, Request } from './setup-protocol.ts';
import { tasks } from './tasks.ts';

// The port to the process that started this thread (child.ts): Python's threads
// share their process's objects, a worker thread shares nothing but messages.
const port = parentPort!;
// A Pool worker's loop:  for id, f, args in inqueue: outqueue.put((id, f(*args)))
// Here the loop is the event loop: one 'message' event per task.
port.on('message', async (message: Request | { kind: 'close' }) => {
  // Closing the port lets this thread's event loop empty, and the thread ends.
  if (message.kind === 'close') return port.close();
  let reply: Reply;
  try {
    // Look the function up by the name that travelled: only data crosses.
    const run = tasks[message.task];
    if (!run) throw new Error(`no task called ${JSON.stringify(message.task)}`);
    // result = f(*args); awaited, so a task that sleeps holds this thread only in
    // name: its event loop is idle meanwhile, as a sleeping Python thread is.
    const value = await run(...(message.args as never[]));
    reply = { kind: 'done', id: message.id, value };
  } catch (error) {
    // An Error does not cross as itself: its message goes back as data.
    reply = { kind: 'failed', id: message.id, message: (error as Error).message };
  }
  // The reply names the task's id: the parent matches it to the caller's promise.
  port.postMessage(reply);
});
// 'online' only says the thread began; this says its handler is in place, once its
// modules have loaded (which, on a busy machine, can take hundreds of ms).
port.postMessage({ kind: 'ready' } satisfies FromThread);
