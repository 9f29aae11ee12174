// The broken twin's thread (--unbounded): one task, then it ends; no pool reuses it.
// It waits at a start line until every such thread is up, so the proof measures how
// many run at once, not how far apart threads boot (proof.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { StartLine } from '@concurrency/trace';
import runTask, { type Job } from './task.ts';

const { job, line } = workerData as { job: Job; line: SharedArrayBuffer };
new StartLine(line).arriveAndWait();
parentPort!.postMessage(await runTask(job));
