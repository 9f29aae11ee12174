// The worker thread's side of toThread(): its own V8 isolate on its own OS thread,
// so the CPU it burns is not main's. An uncaught throw here ends this thread only,
// and reaches main as a rejection of join(), stack and all.
import { parentPort, workerData } from 'node:worker_threads';
import { cpuBoundTask, type Job } from './cpu-task.ts';

// The result goes back as a message, copied by structured clone, like the job came.
parentPort!.postMessage(cpuBoundTask(workerData as Job, 'worker-thread', 'Worker thread'));
