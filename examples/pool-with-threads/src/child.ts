// One process of the pool: it starts its own worker threads and hands each task that
// arrives from the parent to an idle one. The parent never sends more tasks than
// this process has threads, so the queue here is only a safety net.
import type { Worker } from 'node:worker_threads';
import { emit, join, startWorker } from '@concurrency/trace';
import type { FromProcess, Reply, Request, ToProcess } from './protocol.ts';

// Leave with the parent if it dies without closing the pool (see multiprocessing).
const leaveWithParent = () => process.exit(1);
process.on('disconnect', leaveWithParent);
process.channel?.unref();

const send = (message: FromProcess) => process.send!(message);
const [threadsArg, workerFile] = process.argv.slice(2);
// The parent names the worker file, already made runnable on this Node: on Node 20
// this file runs as a bundle, where neither the compiler nor ./worker.ts is at hand.
const workers: Worker[] = Array.from({ length: Number(threadsArg) }, () =>
  startWorker(new URL(workerFile!)),
);
const idle = [...workers];
const queue: Request[] = [];

function dispatch(): void {
  while (idle.length > 0 && queue.length > 0) idle.shift()!.postMessage(queue.shift()!);
}

for (const worker of workers) {
  worker.on('message', (reply: Reply) => {
    idle.push(worker);
    send(reply);
    dispatch();
  });
}

async function close(): Promise<void> {
  for (const worker of workers) worker.postMessage({ kind: 'close' });
  for (const worker of workers) {
    const { threadId } = worker;
    await join(worker, `thread ${threadId} of pid ${process.pid}`);
    emit(`process-${process.pid}`, 'thread-exit', undefined, { thread: threadId });
  }
  send({ kind: 'closed' });
  // With the channel closed and the threads gone, nothing keeps this process alive.
  process.off('disconnect', leaveWithParent);
  process.disconnect();
}

// Ready once every thread runs: the parent starts timing tasks only from here.
await Promise.all(workers.map((worker) => new Promise((ok) => worker.once('online', ok))));
const ids = workers.map((worker) => worker.threadId);
emit(
  `process-${process.pid}`,
  'ready',
  `Process pid ${process.pid} ready: threads ${ids.join(', ')}`,
);
process.on('message', (message: ToProcess) => {
  if (message.kind === 'close') void close();
  else {
    queue.push(message);
    dispatch();
  }
});
send({ kind: 'ready', threads: ids });
