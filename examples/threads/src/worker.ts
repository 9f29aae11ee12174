// The other side of a thread: this file runs in its own V8 isolate on its own OS
// thread. It shares no variables with main; what it needs arrives as workerData.
// (The first import lines workers up for the test: see proof.ts. Not the lesson.)
import './proof.ts';
import { workerData } from 'node:worker_threads';
import { emit, sleep } from '@concurrency/trace';
import { type Job, nominal } from './threads.ts';

const job = workerData as Job;

if (job.kind === 'count') {
  // def print_numbers(): for i in range(5): print(f"Thread: {i}"); time.sleep(1)
  for (let i = 0; i < nominal.ticks; i++) {
    emit('thread', 'tick', `Thread: ${i}`, { i });
    await sleep(nominal.tickMs);
  }
} else {
  // def worker(name): print(f"Worker {name} starting"); time.sleep(2); print(...)
  emit(`worker-${job.name}`, 'start', `Worker ${job.name} starting`);
  // An uncaught throw ends this thread only; main hears of it through join().
  if (job.fail) throw new Error(`worker ${job.name} failed on purpose`);
  await sleep(nominal.workMs);
  emit(`worker-${job.name}`, 'finish', `Worker ${job.name} finished`);
}
