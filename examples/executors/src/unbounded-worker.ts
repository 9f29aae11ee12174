// The broken contrast's thread: one task, then it ends. No pool reuses it.
import { parentPort, workerData } from 'node:worker_threads';
import { StartLine } from '@concurrency/trace';
import runTask, { type Job } from './task.ts';

const { job, line } = workerData as { job: Job; line: SharedArrayBuffer };
new StartLine(line).arriveAndWait(); // proof machinery: see startLineFor in executors.ts
parentPort!.postMessage(await runTask(job));
