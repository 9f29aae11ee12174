// The other side of a thread: this file runs in its own V8 isolate on its own OS
// thread. It shares no variables with main; what it needs arrives as workerData.
import { workerData } from 'node:worker_threads';
import { emit, StartLine, sleep } from '@concurrency/trace';
import { type Job, nominal } from './threads.ts';

const job = workerData as Job;

if (job.kind === 'count') {
  // print_numbers(): five lines, one a second.
  for (let i = 0; i < nominal.ticks; i++) {
    emit('thread', 'tick', `Thread: ${i}`, { i });
    await sleep(nominal.tickMs);
  }
} else {
  // worker(name): start, sleep 2 s, finish; first, wait at the start line.
  new StartLine(job.line).arriveAndWait();
  emit(`worker-${job.name}`, 'start', `Worker ${job.name} starting`);
  // An uncaught throw ends this thread only; main hears of it through join().
  if (job.fail) throw new Error(`worker ${job.name} failed on purpose`);
  await sleep(nominal.workMs);
  emit(`worker-${job.name}`, 'finish', `Worker ${job.name} finished`);
}
