// --many's other half: what a thread per download would cost, measured, not guessed.
// Python's threads are cheap to start; a Node worker thread is a whole V8 isolate
// with its own heap and event loop, so the lesson measures one.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { nowMs } from '@concurrency/trace';

// The least a thread can be: it says it is up, then waits (the timer keeps it alive).
const idleThread = `require('node:worker_threads').parentPort.postMessage('up');
setInterval(() => {}, 1 << 30);`;

/** Start a few idle threads one at a time: each one's start-up time and memory. */
export async function threadCost(samples = 4): Promise<{ ms: number; bytes: number }> {
  const workers: Worker[] = [];
  // rss: the memory of the whole process, all its threads' heaps included.
  const [before, began] = [process.memoryUsage().rss, nowMs()];
  try {
    for (let i = 0; i < samples; i++) {
      // eval: the code is the string itself, so no file and no bundle is involved.
      workers.push(new Worker(idleThread, { eval: true }));
      // One at a time: started together, they would share the cores and cost more each.
      await once(workers.at(-1)!, 'message');
    }
    // Averaged over a few: the first thread also pays for code shared by the rest.
    const bytes = (process.memoryUsage().rss - before) / samples;
    return { ms: (nowMs() - began) / samples, bytes };
  } finally {
    // terminate() stops a thread at once; its memory goes back when it has ended.
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
