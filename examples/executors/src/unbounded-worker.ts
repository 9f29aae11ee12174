// The broken contrast's thread: one task, then it ends. No pool reuses it.
import { parentPort, workerData } from 'node:worker_threads';
import runTask, { type Job } from './task.ts';

parentPort!.postMessage(await runTask(workerData as Job));
