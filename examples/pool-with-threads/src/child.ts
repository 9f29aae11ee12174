// One process of the pool: it starts its own worker threads and hands each task that
// arrives from the parent to an idle one. The parent never sends more tasks than this
// process has threads, so one is always idle when a task comes. Python's twin:
//   def process_task():
//       threads = [threading.Thread(target=thread_task, args=(i,)) for i in range(3)]
//       for t in threads: t.start()
//       for t in threads: t.join()
// except that here the threads stay, and take task after task, as a pool's do.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { emit } from '@concurrency/trace';
import type { FromProcess, FromThread, ToProcess } from './setup-protocol.ts';

// The parent is gone (it exited, crashed or was killed, even by SIGKILL): nobody is
// left to answer, so leave at once and quietly, rather than run tasks for no one.
const leaveWithParent = () => process.exit(1);
process.on('disconnect', leaveWithParent);
// The channel alone does not keep this process alive: its threads and the tasks do,
// so it can end by itself once they are closed.
process.channel?.unref();

// Every reply goes with a callback: if the parent died a moment ago, the send fails
// into it instead of throwing ERR_IPC_CHANNEL_CLOSED; 'disconnect' ends us next.
const send = (message: FromProcess) => {
  if (process.connected) process.send!(message, undefined, {}, () => {});
};

// threading.Thread(...) x n: the parent bundled worker.ts once and passes its address.
const [threadsArg, workerUrl] = process.argv.slice(2);
const workers = Array.from({ length: Number(threadsArg) }, () => new Worker(new URL(workerUrl!)));
// Each thread's first message says it listens.
const listening = workers.map((worker) => once(worker, 'message'));
// thread.join() for each, listened to at once: its exit code, 1 if it threw.
const exits = workers.map((worker) =>
  once(worker, 'exit').then(
    ([code]) => code as number,
    () => 1,
  ),
);
// worker.ts answers every task, even one that throws. A thread that ends anyway while
// the pool is open would leave its task unanswered: end the whole process, which the
// parent notices at once and reports for that task.
let closing = false;
for (const exit of exits) void exit.then(() => closing || process.exit(1));

// The idle threads. Python's threads would share one queue.Queue and each call
// get(); worker threads share no objects, so this process hands each task to a
// thread it knows is free. The parent's queue holds the tasks that wait.
const idle = [...workers];
for (const worker of workers) {
  // A thread's reply goes straight on to the parent, and the thread is idle again
  // (before the parent hears of it, so its next task finds the thread free).
  worker.on('message', (reply: FromThread) => {
    if (reply.kind === 'ready') return;
    idle.push(worker);
    send(reply);
  });
}

// for t in threads: t.join()
// pool.close() reached this process: each thread closes its port and ends; we join
// them all, then close our channel, and nothing keeps this process alive.
async function close(): Promise<void> {
  closing = true;
  const ids = workers.map((worker) => worker.threadId);
  for (const worker of workers) worker.postMessage({ kind: 'close' });
  // Join each thread; its exit, a trace-only event, lets the test see it ended.
  for (const [i, exit] of exits.entries()) {
    if ((await exit) !== 0) process.exitCode = 1;
    emit(`process-${process.pid}`, 'thread-exit', undefined, { thread: ids[i]! });
  }
  send({ kind: 'closed' });
  process.off('disconnect', leaveWithParent);
  process.disconnect();
}

// Ready once every thread listens: the parent starts sending tasks only from here.
await Promise.all(listening);
// From the parent: a task for a thread, or the order to close.
process.on('message', (message: ToProcess) => {
  if (message.kind === 'close') void close();
  // To an idle thread: postMessage copies the task by structured clone.
  else idle.shift()!.postMessage(message);
});
send({ kind: 'ready', threads: workers.map((worker) => worker.threadId) });
